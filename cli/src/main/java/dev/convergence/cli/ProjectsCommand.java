package dev.convergence.cli;

import dev.convergence.api.ProjectId;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "projects", description = "List the projects in a cluster.",
        footer = {"%nExample:%n  convergence projects --remote ~/convergence-cluster.git"})
final class ProjectsCommand extends ProjectCommand {

    @Mixin
    RemoteOptions remote = new RemoteOptions();

    @Override
    public Integer call() {
        List<ProjectId> ids = projects().list(remote.text(), remote.options());
        if (ids.isEmpty()) {
            err().println("the cluster holds no projects yet (create one with 'convergence init')");
        }
        ids.forEach(id -> out().println(id.value()));
        return ExitCodes.OK;
    }
}
