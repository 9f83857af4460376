package dev.convergence.api.transport;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a publish changes relative to the snapshot it was computed from: files to write (new or
 * replaced) and paths to remove. Every other entry of that snapshot is kept as it is.
 *
 * @param message one-line description (a git commit message), never {@code null}
 */
public record Changeset(Map<String, Content> puts, Set<String> deletes, String message) {

    public Changeset {
        puts = Map.copyOf(new TreeMap<>(puts));
        deletes = Set.copyOf(new TreeSet<>(deletes));
        Objects.requireNonNull(message, "message");
        for (String d : deletes) {
            if (puts.containsKey(d)) {
                throw new IllegalArgumentException("path both written and deleted: " + d);
            }
        }
    }

    public boolean isEmpty() {
        return puts.isEmpty() && deletes.isEmpty();
    }
}
