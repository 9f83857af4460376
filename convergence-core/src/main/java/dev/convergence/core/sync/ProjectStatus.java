package dev.convergence.core.sync;

import dev.convergence.api.ConvergenceException;
import dev.convergence.api.Diagnostic;
import dev.convergence.api.MachineLayout;
import dev.convergence.api.Roster;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.Transport;
import dev.convergence.core.Environment;
import dev.convergence.core.state.FileState;
import dev.convergence.core.state.ProjectState;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where one project stands on this machine: local changes not pushed ({@code dirty}), cluster
 * changes not pulled ({@code behind}), the roster, and unresolved memory conflicts.
 *
 * @param clusterError why the cluster could not be read, when it could not
 */
public record ProjectStatus(ProjectState state, MachineLayout layout, List<String> dirty, List<String> behind,
                            Optional<Roster> roster, List<String> conflicts, Optional<String> clusterError) {

    public static ProjectStatus of(Environment env, ProjectState state, Optional<Transport> transport) {
        MachineLayout layout = ProjectSync.layout(env, state);
        Map<String, LocalFile> local = ContextFiles.scan(state.contextDir(), state.syncSubfolders(), state.maxFileBytes(), new ArrayList<Diagnostic>());
        List<String> dirty = new ArrayList<>();
        for (LocalFile f : local.values()) {
            if (!f.asRecorded(state.files().get(f.rel()))) {
                dirty.add(f.rel());
            }
        }
        List<String> behind = new ArrayList<>();
        Optional<Roster> roster = Optional.empty();
        Optional<String> error = Optional.empty();
        if (transport.isPresent()) {
            try {
                Snapshot snap = transport.get().read(state.id());
                roster = Rosters.read(transport.get(), snap);
                for (SnapshotEntry e : snap.entries().values()) {
                    if (!e.path().startsWith(ContextFiles.CLUSTER_PREFIX)) {
                        continue;
                    }
                    String rel = e.path().substring(ContextFiles.CLUSTER_PREFIX.length());
                    FileState st = state.files().get(rel);
                    boolean exists = Files.exists(state.contextDir().resolve(rel));
                    if (st == null || !st.clusterId().equals(e.contentId()) || (st.localStale() && exists)) {
                        behind.add(rel);
                    }
                }
            } catch (ConvergenceException e) {
                error = Optional.of(e.getMessage());
            }
        }
        return new ProjectStatus(state, layout, dirty, behind, roster, new ArrayList<>(state.conflicts()), error);
    }
}
