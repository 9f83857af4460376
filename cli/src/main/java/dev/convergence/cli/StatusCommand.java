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
import dev.convergence.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", description = "Show a project's layout here, unpushed and unpulled files, and the machines that share it.",
        footer = {"%nExamples:%n  convergence status ~/src/proj%n  convergence status --json"})
final class StatusCommand extends ProjectCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT_ROOT", description = "Default: the registered project containing the current directory.")
    Path root;

    @Option(names = "--json", description = "Print JSON instead of text (schema: docs/schemas/status.schema.json).")
    boolean json;

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
        if (json) {
            out().print(Json.writePretty(asJson(s)));
        } else {
            print(s);
        }
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
            TextTable table = new TextTable("MACHINE", "OS", "LAST CONVERGED", "ROOT");
            for (Participant p : r.participants()) {
                String mark = p.machineId().equals(s.layout().machineId()) ? "*" : " ";
                table.row(mark + p.machineId(), p.os().wireName(),
                        p.lastConverged() == null ? "never" : p.lastConverged().toString(), p.projectRoot());
            }
            table.render(ctx().terminal()).forEach(out::println);
        });
    }

    private static Map<String, Object> asJson(ProjectStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("project", s.state().id().value());
        m.put("remote", s.state().remote().<Object>map(x -> x).orElse(Json.NULL));
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("id", s.layout().machineId());
        machine.put("os", s.layout().os().wireName());
        m.put("machine", machine);
        m.put("root", s.layout().projectRoot());
        m.put("context_dir", s.layout().contextDir());
        m.put("last_converged", s.state().lastConverged().isEmpty() ? Json.NULL : s.state().lastConverged());
        m.put("local_changes", new ArrayList<Object>(s.dirty()));
        m.put("cluster_changes", s.clusterError().isPresent() ? Json.NULL : new ArrayList<Object>(s.behind()));
        m.put("cluster_error", s.clusterError().<Object>map(x -> x).orElse(Json.NULL));
        m.put("conflicts", new ArrayList<Object>(s.conflicts()));
        List<Object> machines = new ArrayList<>();
        s.roster().ifPresent(r -> {
            for (Participant p : r.participants()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", p.machineId());
                e.put("os", p.os().wireName());
                e.put("root", p.projectRoot());
                e.put("last_converged", p.lastConverged() == null ? Json.NULL : p.lastConverged().toString());
                e.put("this_machine", p.machineId().equals(s.layout().machineId()));
                machines.add(e);
            }
        });
        m.put("machines", machines);
        return m;
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
