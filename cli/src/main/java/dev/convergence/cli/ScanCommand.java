package dev.convergence.cli;

import dev.convergence.api.BadInputException;
import dev.convergence.api.scan.Finding;
import dev.convergence.core.scan.Allowlist;
import dev.convergence.core.scan.FindingsJson;
import dev.convergence.core.scan.TranscriptScanner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code convergence scan DIR}: report secrets in a project's transcripts and memory, never printing one whole. */
@Command(name = "scan",
        description = {"Find secrets (API keys, tokens, private keys, passwords) in a project's transcripts and memory.",
                "Prints file, line, rule and a masked secret. Exit 0 when clean, 1 when findings remain after the allowlist."},
        footer = {"%nExamples:%n  convergence scan ~/.claude/projects/-home-you-src-proj",
                "  convergence scan ~/.claude/projects/-home-you-src-proj --json",
                "  convergence scan ~/.claude/projects/-home-you-src-proj --allow github-pat-classic:1a2b3c4d5e6f7a8b"})
final class ScanCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_ROOT|DIR", description = "A registered project root, or a context dir (default: the project containing the current directory).")
    String dir;

    @Option(names = "--json", description = "Print the findings as a JSON array (schema: docs/schemas/scan.schema.json).")
    boolean json;

    @Option(names = "--allow", paramLabel = "FINDING_ID", description = "Accept a finding (id as printed, e.g. github-pat-classic:1a2b3c4d5e6f7a8b); repeatable.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--allow-file", paramLabel = "PATH", description = "The allow file to read and update (default: $CONVERGENCE_HOME/projects/<project>.allow).")
    Path allowFile;

    private final ScanTargetResolver resolver;

    ScanCommand() {
        this(ScanTargetResolver.projectOrContextDir());
    }

    ScanCommand(ScanTargetResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Integer call() {
        CliContext context = main.context();
        ScanTarget target = resolver.resolve(dir, context);
        Path allowPath = allowFile != null ? context.env().workingDir().resolve(allowFile) : target.allowFile();
        List<Finding> findings = scanWithProgress(new TranscriptScanner(Plugins.registry(context).scanners()), target.contextDir(), context);
        Allowlist allowlist = Allowlist.load(allowPath);
        if (!allow.isEmpty()) {
            allowlist = allowFindings(allowlist, findings, context.err());
            allowlist.save(allowPath);
        }
        List<Finding> remaining = allowlist.remaining(findings);
        if (json) {
            context.out().println(FindingsJson.toJson(remaining));
        } else {
            printText(context.out(), remaining, findings.size() - remaining.size());
        }
        return remaining.isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    /** Scans every file of the context dir, showing progress on stderr; the same findings as {@code scanContextDir}. */
    private List<Finding> scanWithProgress(TranscriptScanner scanner, Path contextDir, CliContext context) {
        if (!Files.isDirectory(contextDir)) {
            return scanner.scanContextDir(contextDir);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(contextDir)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            return scanner.scanContextDir(contextDir);
        }
        ProgressDisplay progress = ProgressDisplay.of(context, main.quiet, "scan");
        try {
            progress.total("files", files.size(), files.stream().mapToLong(ScanCommand::size).sum());
            List<Finding> findings = new ArrayList<>();
            for (Path file : files) {
                findings.addAll(scanner.scanFile(file, contextDir.relativize(file).toString().replace('\\', '/')));
                progress.onFile(file.toString(), size(file));
            }
            return List.copyOf(findings);
        } finally {
            progress.finish();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private Allowlist allowFindings(Allowlist allowlist, List<Finding> findings, PrintStream err) {
        Allowlist result = allowlist;
        for (String id : allow) {
            Finding f = Allowlist.byId(findings, id).orElseThrow(() -> new BadInputException(
                    "no finding with id '" + id + "' in " + dir, "run 'convergence scan " + dir + "' to list the ids"));
            result = result.with(f);
            err.println("allowed " + f.id() + " (" + f.description() + ")");
        }
        return result;
    }

    private static void printText(PrintStream out, List<Finding> remaining, int allowed) {
        for (Finding f : remaining) {
            out.println(f.path() + ":" + f.line() + "  " + f.ruleId() + "  " + f.masked() + "  [" + f.id() + "]");
        }
        String allowedNote = allowed == 0 ? "" : " (" + allowed + " allowed)";
        if (remaining.isEmpty()) {
            out.println("no secrets found" + allowedNote);
        } else {
            out.println(remaining.size() + (remaining.size() == 1 ? " secret" : " secrets") + " found" + allowedNote
                    + "; accept one with --allow <id>");
        }
    }
}
