package dev.convergence.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code convergence completion bash|zsh}: prints a completion script generated from the command model. */
@Command(name = "completion", description = "Print a shell completion script for bash or zsh.",
        footer = {"%nExamples:",
                "  convergence completion bash > ~/.local/share/bash-completion/completions/convergence",
                "  echo 'source <(convergence completion zsh)' >> ~/.zshrc"})
final class CompletionCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new dev.convergence.api.BadInputException("no completion for shell '" + shell + "'", "use 'bash' or 'zsh'");
        }
        CommandLine root = spec.root().commandLine();
        String script = AutoComplete.bash("convergence", root);
        if (shell.equals("zsh")) {
            // picocli's script is bash; zsh runs it through bashcompinit.
            main.context().out().println("#compdef convergence");
            main.context().out().println("autoload -U +X compinit && compinit");
            main.context().out().println("autoload -U +X bashcompinit && bashcompinit");
        }
        main.context().out().print(script);
        return ExitCodes.OK;
    }
}
