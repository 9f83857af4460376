package dev.convergence.api.transport;

import java.util.Objects;

/**
 * Identifies one published snapshot of a project (a commit id, a generation number). Opaque to
 * core: it is only compared for equality and handed back to {@link Transport#publish}.
 */
public record SnapshotToken(String value) {

    /** The token of a project that does not exist yet; publishing against it creates the project. */
    public static final SnapshotToken ABSENT = new SnapshotToken("");

    public SnapshotToken {
        Objects.requireNonNull(value, "value");
    }

    public boolean isAbsent() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return isAbsent() ? "(absent)" : value;
    }
}
