package dev.convergence.core.project;

import dev.convergence.api.Participant;
import dev.convergence.api.ProjectId;
import dev.convergence.api.Roster;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One project of a cluster as {@code convergence projects} shows it, read from its current snapshot.
 *
 * @param sessions     how many {@code context/*.jsonl} transcripts it holds
 * @param bytes        the summed size of its {@code context/} files (entries of unknown size count 0)
 * @param machines     how many machines take part (roster participants)
 * @param lastActivity the newest {@code last_converged} of any participant, empty when none converged yet
 */
public record ProjectSummary(ProjectId id, int sessions, long bytes, int machines, Optional<Instant> lastActivity) {

    public ProjectSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(lastActivity, "lastActivity");
    }

    /** Summarises a snapshot and its roster (empty when the roster is missing). */
    public static ProjectSummary of(Snapshot snapshot, Optional<Roster> roster) {
        int sessions = 0;
        long bytes = 0;
        for (SnapshotEntry e : snapshot.entries().values()) {
            if (!e.path().startsWith("context/")) {
                continue;
            }
            bytes += Math.max(0, e.size());
            String rel = e.path().substring("context/".length());
            if (!rel.contains("/") && rel.endsWith(".jsonl")) {
                sessions++;
            }
        }
        int machines = roster.map(r -> r.participants().size()).orElse(0);
        Optional<Instant> last = roster.flatMap(r -> r.participants().stream().map(Participant::lastConverged)
                .filter(Objects::nonNull).max(Instant::compareTo));
        return new ProjectSummary(snapshot.project(), sessions, bytes, machines, last);
    }
}
