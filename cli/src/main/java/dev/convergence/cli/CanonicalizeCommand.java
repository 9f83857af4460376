package dev.convergence.cli;

import dev.convergence.api.BadInputException;
import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.Environment;
import dev.convergence.core.rewrite.ContextDirRewriter;
import dev.convergence.core.rewrite.PathRewriter;
import dev.convergence.core.rewrite.RootInference;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code convergence canonicalize}: writes the canonical form of a context dir. Refuses a root
 * that no transcript's {@code cwd} is at or under (when the transcripts have cwds at all), since
 * that is almost always the wrong root; files that would not round-trip are not written (exit 1).
 */
@Command(name = "canonicalize", description = "Write the canonical form of a context dir (paths → sentinels).",
        footer = {"%nExample:%n  convergence canonicalize ~/.claude/projects/-home-you-src-proj /tmp/canonical --root /home/you/src/proj"})
final class CanonicalizeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "CONTEXT_DIR")
    String contextDir;

    @Parameters(index = "1", paramLabel = "OUT_DIR")
    String outDir;

    @Option(names = "--root", required = true, paramLabel = "R", description = "The project root on this machine.")
    String root;

    @Option(names = "--home", paramLabel = "H", description = "The home directory (default: $HOME).")
    String home;

    @Option(names = "--no-rewrite-home", description = "Leave the home directory as it is.")
    boolean noRewriteHome;

    @Override
    public Integer call() {
        CliContext ctx = main.context();
        Environment env = ctx.env();
        Path source = MachinePaths.existingDir(env, contextDir, "context dir");
        Path target = RewriteDirCommand.outputDir(env, outDir, source);
        MachineLayout layout = MachinePaths.layout(env, root, home);
        RootInference.Result seen = RootInference.infer(source);
        boolean rootSeen = seen.cwds().isEmpty() || seen.cwds().keySet().stream()
                .anyMatch(cwd -> RootInference.choose(layout.encodedDir(), java.util.Map.of(cwd, 1L))
                        .filter(layout.projectRoot()::equals).isPresent());
        if (!rootSeen) {
            throw new BadInputException("root '" + layout.projectRoot() + "' appears in no cwd of " + source
                    + seen.root().map(r -> " (the transcripts point to " + r + ")").orElse(""),
                    "pass the root the sessions ran in (convergence doctor " + source + " shows it)");
        }
        PathRewriter rewriter = PathRewriter.of(layout, new RewritePolicy(!noRewriteHome));
        ContextDirRewriter.Outcome outcome = ContextDirRewriter.canonicalize(rewriter, source, target, true);
        return RewriteDirCommand.report(ctx.out(), ctx.err(), "Canonicalized", layout, outcome);
    }
}
