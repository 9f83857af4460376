package dev.convergence.api.transport;

import dev.convergence.api.ProjectId;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The current published state of one project: its token and its entries by path. Contents are
 * not held here; {@link Transport#open} streams them, so reading a snapshot costs a listing.
 */
public record Snapshot(ProjectId project, SnapshotToken token, Map<String, SnapshotEntry> entries) {

    public Snapshot {
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(token, "token");
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** The snapshot of a project that has never been published. */
    public static Snapshot absent(ProjectId project) {
        return new Snapshot(project, SnapshotToken.ABSENT, Map.of());
    }

    public boolean isAbsent() {
        return token.isAbsent();
    }
}
