package dev.convergence.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One machine's entry in a roster, keyed by {@link #machineId()}.
 *
 * @param lastConverged       when this machine last converged, or {@code null}
 * @param lastConvergedCommit the snapshot token it converged on, or {@code null}
 * @param extra               keys written by other clients that we do not know, as raw JSON text
 *                            per key, preserved on rewrite (never {@code null})
 */
public record Participant(String machineId, OsFamily os, String home, String projectRoot, String encodedDir,
                          Instant lastConverged, String lastConvergedCommit, Map<String, String> extra) {

    public Participant {
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(projectRoot, "projectRoot");
        Objects.requireNonNull(encodedDir, "encodedDir");
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** The participant for a machine layout, with no convergence recorded yet. */
    public static Participant of(MachineLayout layout) {
        return new Participant(layout.machineId(), layout.os(), layout.home(), layout.projectRoot(),
                layout.encodedDir(), null, null, Map.of());
    }

    public Participant converged(Instant when, String token) {
        return new Participant(machineId, os, home, projectRoot, encodedDir, when, token, extra);
    }
}
