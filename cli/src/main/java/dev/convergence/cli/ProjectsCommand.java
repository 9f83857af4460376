package dev.convergence.cli;

import dev.convergence.core.json.Json;
import dev.convergence.core.project.ProjectSummary;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "projects", description = "List the projects in a cluster: sessions, size, machines and last activity of each.",
        footer = {"%nExamples:%n  convergence projects --remote ~/convergence-cluster.git%n  convergence projects --json"})
final class ProjectsCommand extends ProjectCommand {

    @Mixin
    RemoteOptions remote = new RemoteOptions();

    @Option(names = "--json", description = "Print JSON instead of a table (schema: docs/schemas/projects.schema.json).")
    boolean json;

    @Override
    public Integer call() {
        List<ProjectSummary> summaries = projects().summaries(remote.text(), remote.options());
        if (json) {
            out().print(Json.writePretty(asJson(summaries)));
            return ExitCodes.OK;
        }
        if (summaries.isEmpty()) {
            err().println("the cluster holds no projects yet (create one with 'convergence init')");
            return ExitCodes.OK;
        }
        TextTable table = new TextTable("PROJECT", "SESSIONS", "SIZE", "MACHINES", "LAST ACTIVITY");
        for (ProjectSummary p : summaries) {
            table.row(p.id().value(), String.valueOf(p.sessions()), TextTable.bytes(p.bytes()), String.valueOf(p.machines()),
                    p.lastActivity().map(Object::toString).orElse("never"));
        }
        table.render(ctx().terminal()).forEach(out()::println);
        return ExitCodes.OK;
    }

    private static Map<String, Object> asJson(List<ProjectSummary> summaries) {
        List<Object> list = new ArrayList<>();
        for (ProjectSummary p : summaries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id().value());
            m.put("sessions", p.sessions());
            m.put("bytes", p.bytes());
            m.put("machines", p.machines());
            m.put("last_activity", p.lastActivity().<Object>map(Object::toString).orElse(Json.NULL));
            list.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("projects", list);
        return root;
    }
}
