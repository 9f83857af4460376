package dev.convergence.cli;

import dev.convergence.api.BadInputException;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.Environment;
import dev.convergence.core.doctor.Doctor;
import dev.convergence.core.doctor.DoctorReport;
import dev.convergence.core.json.Json;
import dev.convergence.core.rewrite.ClaudePaths;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code convergence doctor}: would this context dir canonicalize safely? Writes nothing. */
@Command(name = "doctor", description = "Check that a project's context would sync safely (writes nothing).%n"
        + "Exit 0 when safe, 1 when not, 2 when DIR is missing.",
        footer = {"%nExamples:%n  convergence doctor ~/src/proj%n  convergence doctor ~/.claude/projects/-home-you-src-proj --root /home/you/src/proj --json"})
final class DoctorCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "A context dir or a project root (default: the current directory).")
    String dir;

    @Option(names = "--root", paramLabel = "R", description = "The project root (default: inferred from the transcripts' cwd fields).")
    String root;

    @Option(names = "--home", paramLabel = "H", description = "The home directory (default: $HOME).")
    String home;

    @Option(names = "--json", description = "Print JSON instead of text (schema: docs/schemas/doctor.schema.json).")
    boolean json;

    @Override
    public Integer call() {
        CliContext ctx = main.context();
        Environment env = ctx.env();
        Path given = MachinePaths.existingDir(env, dir == null ? "." : dir, "directory");
        Path contextDir = contextDirFor(env, given);
        String nativeHome = env.nativeForm(MachinePaths.home(env, home));
        Optional<String> rootNative = Optional.ofNullable(root).map(r -> env.nativeForm(env.fromNative(r)));
        ProgressDisplay progress = ProgressDisplay.of(ctx, main.quiet, given.getFileName() == null ? "/" : given.getFileName().toString());
        DoctorReport report;
        try {
            report = Doctor.examine(contextDir, env.nativeForm(contextDir), nativeHome, env.os(), rootNative,
                    RewritePolicy.DEFAULT, progress);
        } finally {
            progress.finish();
        }
        if (json) {
            ctx.out().print(Json.writePretty(asJson(report)));
        } else {
            print(ctx.out(), ctx.terminal(), report);
            dev.convergence.core.project.Projects.containing(env, given).ifPresent(state -> ctx.out().println("Encryption:     "
                    + (dev.convergence.core.crypto.LocalKeys.of(env, Optional.empty()).seenEncrypted(state.id())
                            ? "on (project " + state.id() + " is end-to-end encrypted; 'convergence encrypt status' lists key holders)"
                            : "off as last synced (project " + state.id() + "; 'convergence encrypt enable' turns it on)")));
        }
        var local = dev.convergence.core.doctor.LocalStateCheck.run(env, dev.convergence.core.project.Projects.containing(env, given));
        if (!json) {
            ctx.out().println();
            ctx.out().println("Local state:");
            for (var d : local) {
                ctx.out().println("  " + (d.severity() == dev.convergence.api.Diagnostic.Severity.INFO ? "" : d.severity().name().toLowerCase(java.util.Locale.ROOT) + ": ") + d.message());
            }
        }
        boolean localOk = local.stream().noneMatch(d -> d.severity() == dev.convergence.api.Diagnostic.Severity.ERROR);
        return report.safe() && localOk ? ExitCodes.OK : ExitCodes.PROBLEMS;
    }

    /** A context dir is used as is; a project root maps to {@code <projects dir>/<encoded root>}. */
    private static Path contextDirFor(Environment env, Path given) {
        boolean isContextDir = given.getParent() != null && given.getParent().equals(env.projectsDir())
                || hasTranscripts(given);
        if (isContextDir) {
            return given;
        }
        Path mapped = env.projectsDir().resolve(ClaudePaths.encode(env.nativeForm(given)));
        if (!Files.isDirectory(mapped)) {
            throw new BadInputException("no Claude Code context for project '" + env.nativeForm(given) + "' (expected " + mapped + ")",
                    "run doctor on a context dir, or from a project Claude Code has been used in");
        }
        return mapped;
    }

    private static boolean hasTranscripts(Path dir) {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().endsWith(".jsonl")
                    || p.getFileName().toString().equals("memory"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void print(PrintStream out, Terminal term, DoctorReport r) {
        out.println("Context dir:    " + r.contextDir());
        out.println("Scanned:        " + r.files() + " files, " + r.lines() + " lines, " + r.bytes() + " bytes");
        out.println("Inferred root:  " + r.inferredRoot().orElse("(none: pass --root)"));
        out.println("Root used:      " + r.rootUsed().orElse("(none)"));
        if (!r.cwds().isEmpty()) {
            out.println("cwd values seen:");
            r.cwds().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> out.println("  " + e.getKey() + "  (" + e.getValue() + " lines)"));
        }
        out.println("Replacements per tier:");
        r.hitsPerTier().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.println("  {{" + e.getKey() + "}}  " + e.getValue()));
        out.println("Unparsable lines (kept verbatim): " + r.unparsableLines());
        out.println("Invalid UTF-8 (kept verbatim):    " + r.invalidUtf8Lines());
        if (r.roundTripFailures().isEmpty()) {
            out.println("Round trip:     every file round-trips");
        } else {
            out.println("Files that would not round-trip: " + r.roundTripFailures().size());
            for (Map.Entry<String, List<String>> e : r.roundTripFailures().entrySet()) {
                out.println("  " + e.getKey());
                e.getValue().forEach(reason -> out.println("    " + reason));
            }
        }
        out.println("Leftover absolute paths of root/home in canonical output: " + r.leftoverCount());
        r.leftoverExamples().forEach(x -> out.println("  " + x));
        if (r.leftoversInHalfWrittenLines() > 0) {
            out.println("  (plus " + r.leftoversInHalfWrittenLines() + " in half-written last lines, rewritten once complete)");
        }
        out.println(r.safe() ? term.green("Safe to sync.") : term.red("NOT safe to sync."));
    }

    private static Map<String, Object> asJson(DoctorReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("context_dir", r.contextDir());
        m.put("safe", r.safe());
        m.put("files", r.files());
        m.put("lines", r.lines());
        m.put("bytes", r.bytes());
        m.put("inferred_root", r.inferredRoot().<Object>map(x -> x).orElse(Json.NULL));
        m.put("root_used", r.rootUsed().<Object>map(x -> x).orElse(Json.NULL));
        m.put("cwds", new TreeMap<String, Object>(r.cwds()));
        m.put("hits_per_tier", new TreeMap<String, Object>(r.hitsPerTier()));
        m.put("unparsable_lines", r.unparsableLines());
        m.put("invalid_utf8_lines", r.invalidUtf8Lines());
        Map<String, Object> failures = new TreeMap<>();
        r.roundTripFailures().forEach((file, reasons) -> failures.put(file, new ArrayList<Object>(reasons)));
        m.put("round_trip_failures", failures);
        m.put("leftover_count", r.leftoverCount());
        m.put("leftover_examples", new ArrayList<Object>(r.leftoverExamples()));
        m.put("leftovers_in_half_written_lines", r.leftoversInHalfWrittenLines());
        return m;
    }
}
