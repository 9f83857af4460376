package dev.convergence.cli;

import dev.convergence.core.project.Remotes;
import dev.convergence.core.state.MachineConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "remote", description = "Manage this machine's default cluster.",
        subcommands = {RemoteCommand.Set.class, RemoteCommand.Show.class, RemoteCommand.Clear.class},
        footer = {"%nExamples:%n  convergence remote set ~/convergence-cluster.git%n  convergence remote show"})
final class RemoteCommand implements Runnable {

    @ParentCommand
    Main main;

    @Override
    public void run() {
        main.context().out().println(new picocli.CommandLine(this).getUsageMessage());
    }

    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        RemoteCommand parent;

        CliContext ctx() {
            return parent.main.context();
        }

        MachineConfig config() {
            return MachineConfig.load(ctx().env().convergenceHome());
        }
    }

    @Command(name = "set", description = "Set the default cluster (a git URL or path, dir:PATH, or s3://BUCKET/PREFIX).",
        footer = {"%nExample:%n  convergence remote set git@github.com:you/context.git"})
    static final class Set extends Sub {
        @Parameters(index = "0", paramLabel = "URL")
        String url;

        @Override
        public Integer call() {
            String normal = Remotes.normalise(ctx().env(), url).toString();
            config().setDefaultRemote(normal);
            ctx().out().println("default remote: " + normal);
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Show the default cluster (and CONVERGENCE_REMOTE when it overrides it).",
        footer = {"%nExample:%n  convergence remote show"})
    static final class Show extends Sub {
        @Override
        public Integer call() {
            var env = ctx().env();
            env.remoteOverride().ifPresent(r -> ctx().out().println("CONVERGENCE_REMOTE: " + r + " (overrides the default)"));
            var def = config().defaultRemote();
            ctx().out().println("default remote: " + def.orElse("(none)"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "clear", description = "Forget the default cluster (projects keep the one they were made with).",
        footer = {"%nExample:%n  convergence remote clear"})
    static final class Clear extends Sub {
        @Override
        public Integer call() {
            config().setDefaultRemote(null);
            ctx().out().println("default remote cleared");
            return ExitCodes.OK;
        }
    }
}
