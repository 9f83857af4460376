package dev.convergence.cli;

import dev.convergence.api.transport.Transport;
import dev.convergence.core.project.Remotes;
import dev.convergence.core.state.MachineIdentity;
import dev.convergence.core.state.ProjectState;
import dev.convergence.core.sync.Forgotten;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "forget", description = "Remove a session from the cluster for good; other machines' syncs will not add it back. Local copies are kept.",
        footer = {"%nExample:%n  convergence forget 5b749b68-71e2-4c35-b436-014cd6ad21a8"})
final class ForgetCommand extends ProjectCommand {

    @Parameters(index = "0", paramLabel = "SESSION_ID", description = "The transcript's file name without .jsonl.")
    String sessionId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PROJECT_ROOT", description = "Default: the registered project containing the current directory.")
    Path root;

    @Override
    public Integer call() {
        ProjectState state = projects().resolve(Optional.ofNullable(root).map(r -> ctx().env().workingDir().resolve(r)));
        try (Transport t = projects().open(Remotes.resolve(ctx().env(), Optional.empty(), Optional.of(state)), state)) {
            List<String> removed = Forgotten.forget(state, t, sessionId, MachineIdentity.of(ctx().env()), ctx().env().now());
            out().println(removed.isEmpty() ? sessionId + " was already forgotten"
                    : "forgot " + sessionId + ": removed " + removed.size() + " file(s) from the cluster; local copies are kept");
        }
        return ExitCodes.OK;
    }
}
