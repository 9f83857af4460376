package dev.convergence.cli;

import dev.convergence.core.project.Projects;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "join", description = "Register a project that already exists in a cluster on this machine and pull it.",
        footer = {"%nExample:%n  convergence join ~/work/proj --remote git@github.com:you/context.git"})
final class JoinCommand extends ProjectCommand {

    @Parameters(index = "0", paramLabel = "PROJECT_ROOT", description = "Where the project lives on this machine.")
    Path root;

    @Mixin
    RemoteOptions remote = new RemoteOptions();

    @Option(names = "--project-id", paramLabel = "ID", description = "Project name in the cluster (default: the root folder's name).")
    String projectId;

    @Option(names = "--passphrase-stdin", description = "The encrypted project's passphrase, read from standard input.")
    boolean passphraseStdin;

    @Override
    public Integer call() {
        Path given = ctx().env().workingDir().resolve(root);
        if (passphraseStdin) {
            projects().usePassphrase(Passphrases.fromStdin(ctx()));
        }
        ProgressDisplay progress = progress(given.getFileName() == null ? "join" : given.getFileName().toString());
        Projects.InitResult r;
        try {
            r = projects().join(given, remote.text(), Optional.ofNullable(projectId), remote.options(), progress);
        } finally {
            progress.finish();
        }
        r.state().save();
        out().println("joined project " + r.state().id() + " from " + r.state().remote().orElse("") + " into " + r.state().contextDir());
        if (r.rememberedDefault()) {
            out().println("remembered " + r.state().remote().orElse("") + " as this machine's default remote");
        }
        return report(r.state().id().value(), r.report(), true, true);
    }
}
