package dev.convergence.cli;

import dev.convergence.core.project.Projects;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "init", description = "Create a project in a cluster from this machine's context and push it.",
        footer = {"%nExample:%n  convergence init ~/src/proj --remote ~/convergence-cluster.git"})
final class InitCommand extends ProjectCommand {

    @Parameters(index = "0", paramLabel = "PROJECT_ROOT", description = "The directory you run Claude Code in.")
    Path root;

    @Mixin
    RemoteOptions remote = new RemoteOptions();

    @Option(names = "--project-id", paramLabel = "ID", description = "Project name in the cluster (default: the root folder's name).")
    String projectId;

    @Option(names = "--no-rewrite-home", description = "Leave the home directory as it is (cluster-wide, fixed at init).")
    boolean noRewriteHome;

    @Option(names = "--encrypt", description = "Encrypt end to end: the cluster's host sees only ciphertext (docs/encryption.md).")
    boolean encrypt;

    @Option(names = "--passphrase-stdin", description = "With --encrypt: also wrap the key under a passphrase read from standard input.")
    boolean passphraseStdin;

    @Override
    public Integer call() {
        Path given = ctx().env().workingDir().resolve(root);
        if (passphraseStdin) {
            projects().usePassphrase(Passphrases.fromStdin(ctx()));
        }
        ProgressDisplay progress = progress(given.getFileName() == null ? "init" : given.getFileName().toString());
        Projects.InitResult r;
        try {
            r = projects().init(given, remote.text(), Optional.ofNullable(projectId), !noRewriteHome, remote.options(), encrypt, progress);
        } finally {
            progress.finish();
        }
        out().println("created " + (encrypt ? "encrypted " : "") + "project " + r.state().id() + " in " + r.state().remote().orElse("") + " from " + r.state().contextDir());
        if (r.rememberedDefault()) {
            out().println("remembered " + r.state().remote().orElse("") + " as this machine's default remote");
        }
        return report(r.state().id().value(), r.report(), true, true);
    }
}
