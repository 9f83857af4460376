package dev.convergence.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code roster.json} of a project: the cluster-wide rewrite policy and every machine that
 * has joined. Immutable; the {@code with…} methods return a new roster.
 *
 * @param canonicalSentinel the sentinel that stands for the project root ({@code {{CC_PROJECT_ROOT}}})
 * @param rewriteHome       whether the home tier applies, fixed at init for the whole cluster
 * @param extra             unknown top-level keys as raw JSON text, preserved
 */
public record Roster(ProjectId projectId, String canonicalSentinel, boolean rewriteHome,
                     List<Participant> participants, Map<String, String> extra) {

    public static final String ROOT_SENTINEL = "{{CC_PROJECT_ROOT}}";

    public Roster {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(canonicalSentinel, "canonicalSentinel");
        participants = List.copyOf(participants);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    public static Roster create(ProjectId id, boolean rewriteHome) {
        return new Roster(id, ROOT_SENTINEL, rewriteHome, List.of(), Map.of());
    }

    public Optional<Participant> participant(String machineId) {
        return participants.stream().filter(p -> p.machineId().equals(machineId)).findFirst();
    }

    /** This roster with {@code p} added, or replacing the entry with the same machine id in place. */
    public Roster withParticipant(Participant p) {
        List<Participant> next = new ArrayList<>(participants.size() + 1);
        boolean replaced = false;
        for (Participant existing : participants) {
            if (existing.machineId().equals(p.machineId())) {
                next.add(p);
                replaced = true;
            } else {
                next.add(existing);
            }
        }
        if (!replaced) {
            next.add(p);
        }
        return new Roster(projectId, canonicalSentinel, rewriteHome, next, extra);
    }
}
