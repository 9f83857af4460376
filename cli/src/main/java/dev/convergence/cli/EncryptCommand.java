package dev.convergence.cli;

import dev.convergence.core.crypto.EncryptingTransport;
import dev.convergence.core.crypto.ProjectEncryption;
import dev.convergence.core.project.Remotes;
import dev.convergence.core.state.ProjectState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code convergence encrypt enable|rotate|revoke|status}: end-to-end encryption of a project. */
@Command(name = "encrypt", description = "End-to-end encryption of a project: the cluster's host sees only ciphertext.",
        subcommands = {EncryptCommand.Enable.class, EncryptCommand.Rotate.class, EncryptCommand.Revoke.class, EncryptCommand.Status.class},
        footer = {"%nSee docs/encryption.md.%nExample:%n  convergence encrypt enable ~/src/proj"})
final class EncryptCommand implements Runnable {

    @picocli.CommandLine.ParentCommand
    Main main;

    @Override
    public void run() {
        main.context().out().println(new picocli.CommandLine(this).getUsageMessage());
    }

    abstract static class Sub implements java.util.concurrent.Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        EncryptCommand parent;

        private dev.convergence.core.project.Projects projects;

        dev.convergence.core.project.Projects projects() {
            if (projects == null) {
                projects = new dev.convergence.core.project.Projects(ctx().env(), dev.convergence.core.ProviderRegistry.discover());
            }
            return projects;
        }

        java.io.PrintStream out() {
            return ctx().out();
        }

        @Option(names = "--root", paramLabel = "PROJECT_ROOT", description = "Default: the registered project containing the current directory.")
        Path root;

        @Option(names = "--passphrase-stdin", description = "Read the project's passphrase from standard input (else CONVERGENCE_PASSPHRASE).")
        boolean passphraseStdin;

        CliContext ctx() {
            return parent.main.context();
        }

        @Override
        public Integer call() {
            if (passphraseStdin) {
                projects().usePassphrase(Passphrases.fromStdin(ctx()));
            }
            ProjectState state = projects().resolve(Optional.ofNullable(root).map(r -> ctx().env().workingDir().resolve(r)));
            try (EncryptingTransport t = projects().openEncrypting(Remotes.resolve(ctx().env(), Optional.empty(), Optional.of(state)),
                    state.transportOptions())) {
                return run(state, new ProjectEncryption(t, state.id()));
            }
        }

        abstract int run(ProjectState state, ProjectEncryption enc);
    }

    @Command(name = "enable", description = "Encrypt an existing cleartext project (re-uploads every file once, encrypted).",
            footer = {"%nExample:%n  convergence encrypt enable ~/src/proj"})
    static final class Enable extends Sub {
        @Override
        int run(ProjectState state, ProjectEncryption enc) {
            ProjectEncryption.Enabled done = enc.enable();
            out().println(state.id() + ": encrypted " + done.files() + " file(s); the cluster now holds only ciphertext");
            out().println(done.historyReplaced()
                    ? "note: the project's history now starts at the encrypted snapshot; the host may keep the old cleartext "
                            + "objects until it collects garbage (see docs/encryption.md)"
                    : "note: this store keeps earlier cleartext snapshots until it prunes them (see docs/encryption.md)");
            return ExitCodes.OK;
        }
    }

    @Command(name = "rotate", description = "Make a new data key for new content, wrapped for the machines in the roster.",
            footer = {"%nExample:%n  convergence encrypt rotate --remove old-laptop-id"})
    static final class Rotate extends Sub {
        @Option(names = "--remove", paramLabel = "MACHINE_ID", description = "Also revoke this machine: drop its wraps and its roster entry.")
        List<String> remove = List.of();

        @Override
        int run(ProjectState state, ProjectEncryption enc) {
            String id = enc.rotate(Set.copyOf(remove));
            out().println(state.id() + ": new data key " + id + (remove.isEmpty() ? "" : "; revoked " + String.join(", ", remove)));
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", description = "Revoke a machine: it cannot read anything published after this.",
            footer = {"%nExample:%n  convergence encrypt revoke 3f2a9c0d41be"})
    static final class Revoke extends Sub {
        @Parameters(index = "0", paramLabel = "MACHINE_ID", description = "The machine to revoke.")
        String machine;

        @Override
        int run(ProjectState state, ProjectEncryption enc) {
            String id = enc.rotate(Set.of(machine));
            out().println(state.id() + ": revoked " + machine + "; new data key " + id);
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", description = "Whether the project is encrypted, its current key and which machines hold keys.",
            footer = {"%nExample:%n  convergence encrypt status"})
    static final class Status extends Sub {
        @Override
        int run(ProjectState state, ProjectEncryption enc) {
            ProjectEncryption.Status s = enc.status();
            print(out(), state.id().value(), s);
            return ExitCodes.OK;
        }
    }

    static void print(java.io.PrintStream out, String project, ProjectEncryption.Status s) {
        if (!s.encrypted()) {
            out.println("encryption: off (" + project + " is stored in cleartext)");
            return;
        }
        out.println("encryption: on (current key " + s.currentKey() + ", generation " + s.generation() + ")");
        s.holders().forEach((id, ms) -> out.println("  key " + id + " held by " + (ms.isEmpty() ? "no machine" : String.join(", ", ms))
                + (s.passphraseKeys().contains(id) ? " + passphrase" : "")));
    }
}
