package dev.convergence.transport.s3;

import dev.convergence.api.transport.SnapshotEntry;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One published generation of a project ({@code <prefix>/<id>/manifests/<n>.json}, copied to
 * {@code <prefix>/<id>/HEAD} when it becomes current).
 *
 * @param generation the number of its manifest key; increases with every publish
 * @param id         random hex chosen by the writer, so a generation is named exactly even if a
 *                   project is deleted and recreated
 * @param parent     {@code <generation>-<id>} of the generation it was published on, empty for the first
 * @param created    when the writer built it (informational)
 * @param entries    path → SHA-256 of the object and size
 */
record Manifest(long generation, String id, String parent, Instant created, Map<String, SnapshotEntry> entries) {

    Manifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(created, "created");
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be positive: " + generation);
        }
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /** {@code <generation>-<id>}: what a successor names as its parent. */
    String name() {
        return generation + "-" + id;
    }
}
