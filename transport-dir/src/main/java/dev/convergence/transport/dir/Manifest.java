package dev.convergence.transport.dir;

import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.SnapshotToken;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One published generation of a project: its number, a random id that makes its token unique
 * even if a project is deleted and recreated, and the files it holds by path.
 *
 * @param generation 1 for the first publish, then +1 per publish
 * @param id         random hex chosen by the writer
 * @param created    when the writer committed it (used by pruning, never for ordering)
 * @param entries    path → content id (SHA-256 hex) and size
 */
record Manifest(long generation, String id, Instant created, Map<String, SnapshotEntry> entries) {

    Manifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be positive: " + generation);
        }
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** The token core sees: {@code <generation>-<id>}, exact across deletion and re-creation. */
    SnapshotToken token() {
        return new SnapshotToken(generation + "-" + id);
    }

    /** The generation number a token names, or 0 for the absent token or one that is not ours. */
    static long generationOf(SnapshotToken token) {
        String v = token.value();
        int dash = v.indexOf('-');
        if (dash <= 0) {
            return 0;
        }
        try {
            return Long.parseLong(v.substring(0, dash));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
