package dev.convergence.cli;

import dev.convergence.api.ConvergenceException;
import dev.convergence.api.Participant;
import dev.convergence.api.transport.Transport;
import dev.convergence.core.project.Remotes;
import dev.convergence.core.state.ProjectState;
import dev.convergence.core.sync.ProjectStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show a project's layout here, unpushed and unpulled files, and the machines that share it.",
        footer = {"%nExample:%n  convergence status ~/src/proj"})
final class StatusCommand extends ProjectCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_ROOT", description = "Default: the registered project containing the current directory.")
    Path root;

    private Optional<dev.convergence.core.crypto.ProjectEncryption.Status> encryption = Optional.empty();

    @Override
    public Integer call() {
        ProjectState state = projects().resolve(Optional.ofNullable(root).map(r -> ctx().env().workingDir().resolve(r)));
        ProjectStatus s;
        Optional<Transport> t = Optional.empty();
        try {
            t = Optional.of(projects().open(Remotes.resolve(ctx().env(), Optional.empty(), Optional.of(state)), state));
            s = ProjectStatus.of(ctx().env(), state, t);
            encryption = Optional.of(new dev.convergence.core.crypto.ProjectEncryption(
                    (dev.convergence.core.crypto.EncryptingTransport) t.get(), state.id()).status());
        } catch (ConvergenceException e) {
            s = ProjectStatus.of(ctx().env(), state, Optional.empty());
            s = new ProjectStatus(s.state(), s.layout(), s.dirty(), s.behind(), s.roster(), s.conflicts(), Optional.of(e.getMessage()));
        } finally {
            t.ifPresent(Transport::close);
        }
        print(s);
        return ExitCodes.OK;
    }

    private void print(ProjectStatus s) {
        var out = out();
        out.println("project   " + s.state().id());
        out.println("remote    " + s.state().remote().orElse("(machine default)"));
        out.println("machine   " + s.layout().machineId() + " (" + s.layout().os().wireName() + ")");
        out.println("root      " + s.layout().projectRoot());
        out.println("context   " + s.layout().contextDir());
        out.println("synced    " + (s.state().lastConverged().isEmpty() ? "never" : s.state().lastConverged()));
        encryption.ifPresent(e -> EncryptCommand.print(out, s.state().id().value(), e));
        out.println();
        list("local changes not pushed", s.dirty());
        if (s.clusterError().isPresent()) {
            out.println("cluster: unreachable (" + s.clusterError().get() + ")");
        } else {
            list("cluster changes not pulled", s.behind());
        }
        list("conflicts to resolve", s.conflicts());
        s.roster().ifPresent(r -> {
            out.println();
            out.println(String.format("%-14s %-8s %-21s %s", "MACHINE", "OS", "LAST CONVERGED", "ROOT"));
            for (Participant p : r.participants()) {
                String mark = p.machineId().equals(s.layout().machineId()) ? "*" : " ";
                out.println(String.format("%-14s %-8s %-21s %s", mark + p.machineId(), p.os().wireName(),
                        p.lastConverged() == null ? "never" : p.lastConverged().toString(), p.projectRoot()));
            }
        });
    }

    private void list(String title, List<String> files) {
        out().println(title + ": " + (files.isEmpty() ? "none" : files.size()));
        int shown = main.verbose ? files.size() : Math.min(10, files.size());
        files.subList(0, shown).forEach(f -> out().println("  " + f));
        if (shown < files.size()) {
            out().println("  … and " + (files.size() - shown) + " more (--verbose lists all)");
        }
    }
}
