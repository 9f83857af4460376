package dev.convergence.cli;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.Environment;
import dev.convergence.core.rewrite.ContextDirRewriter;
import dev.convergence.core.rewrite.PathRewriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code convergence localize}: writes this machine's form of a canonical directory. */
@Command(name = "localize", description = "Write this machine's form of canonical context (sentinels → paths).",
        footer = {"%nExample:%n  convergence localize /tmp/canonical ~/.claude/projects/-home-you-src-proj --root /home/you/src/proj"})
final class LocalizeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Parameters(index = "0", paramLabel = "IN_DIR")
    String inDir;

    @Parameters(index = "1", paramLabel = "CONTEXT_DIR")
    String contextDir;

    @Option(names = "--root", required = true, paramLabel = "R", description = "The project root on this machine.")
    String root;

    @Option(names = "--home", paramLabel = "H", description = "The home directory (default: $HOME).")
    String home;

    @Override
    public Integer call() {
        CliContext ctx = main.context();
        Environment env = ctx.env();
        Path source = MachinePaths.existingDir(env, inDir, "canonical directory");
        Path target = RewriteDirCommand.outputDir(env, contextDir, source);
        MachineLayout layout = MachinePaths.layout(env, root, home);
        // Home sentinels are expanded whenever present; a cluster without them simply has none.
        PathRewriter rewriter = PathRewriter.of(layout, RewritePolicy.DEFAULT);
        ContextDirRewriter.Outcome outcome = ContextDirRewriter.localize(rewriter, source, target);
        return RewriteDirCommand.report(ctx.out(), ctx.err(), "Localized", layout, outcome);
    }
}
