package dev.convergence.cli;

import dev.convergence.core.crypto.EncryptingTransport;
import dev.convergence.core.crypto.LocalKeys;
import dev.convergence.core.crypto.MachineKey;
import dev.convergence.core.crypto.ProjectEncryption;
import dev.convergence.core.project.Projects;
import dev.convergence.core.project.Remotes;
import dev.convergence.core.state.ProjectState;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code convergence key show|export|import}: moving access to encrypted projects between machines. */
@Command(name = "key", description = "This machine's key, and moving project keys between machines.",
        subcommands = {KeyCommand.Show.class, KeyCommand.Export.class, KeyCommand.Import.class},
        footer = {"%nExample (giving machine B access):%n  B$ convergence key show%n  A$ convergence key export --to cvgpub1:…%n"
                + "  B$ convergence key import cvgkey1:…%n  B$ convergence join …"})
final class KeyCommand implements Runnable {

    @ParentCommand
    Main main;

    @Override
    public void run() {
        main.context().out().println(new picocli.CommandLine(this).getUsageMessage());
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        KeyCommand parent;

        CliContext ctx() {
            return parent.main.context();
        }

        LocalKeys local() {
            return LocalKeys.of(ctx().env(), Optional.empty());
        }
    }

    @Command(name = "show", description = "Print this machine's public key (creating the key pair on first use).",
            footer = {"%nExample:%n  convergence key show"})
    static final class Show extends Sub {
        @Override
        public Integer call() {
            MachineKey k = local().machineKey();
            ctx().out().println(k.publicText());
            return ExitCodes.OK;
        }
    }

    @Command(name = "export", description = "Print a project's data keys wrapped for another machine's public key.",
            footer = {"%nExample:%n  convergence key export --to cvgpub1:…"})
    static final class Export extends Sub {
        @Option(names = "--to", required = true, paramLabel = "PUBLIC_KEY", description = "The other machine's 'convergence key show' line.")
        String to;

        @Option(names = "--root", paramLabel = "PROJECT_ROOT", description = "Default: the registered project containing the current directory.")
        Path root;

        @Override
        public Integer call() {
            MachineKey.Public recipient = MachineKey.parsePublic(to);
            Projects projects = new Projects(ctx().env(), dev.convergence.core.ProviderRegistry.discover());
            ProjectState state = projects.resolve(Optional.ofNullable(root).map(r -> ctx().env().workingDir().resolve(r)));
            try (EncryptingTransport t = projects.openEncrypting(Remotes.resolve(ctx().env(), Optional.empty(), Optional.of(state)),
                    state.transportOptions())) {
                ctx().out().println(new ProjectEncryption(t, state.id()).export(recipient));
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "import", description = "Store project keys exported for this machine; then join or sync the project.",
            footer = {"%nExample:%n  convergence key import cvgkey1:…"})
    static final class Import extends Sub {
        @Parameters(index = "0", paramLabel = "TOKEN", description = "The cvgkey1:… line 'key export' printed.")
        String token;

        @Override
        public Integer call() {
            var project = ProjectEncryption.importToken(local(), token);
            ctx().out().println("imported keys of project " + project + "; join or sync it now");
            return ExitCodes.OK;
        }
    }
}
