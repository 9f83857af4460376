package dev.convergence.core.sync;

import dev.convergence.api.BadInputException;
import dev.convergence.api.NotFoundException;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.Transport;
import dev.convergence.core.json.Json;
import dev.convergence.core.json.JsonObject;
import dev.convergence.core.state.ProjectState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Deliberate removal of a session from the cluster ({@code convergence forget}), recorded in the
 * snapshot's {@code forgotten.json} so that no machine's sync adds it back. Local copies are
 * left alone: forgetting is about the shared store, never about deleting a user's files.
 */
public final class Forgotten {

    public static final String FILE = "forgotten.json";
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private Forgotten() {
    }

    /** The session ids a snapshot records as forgotten. */
    public static Set<String> read(Transport transport, Snapshot snapshot) {
        SnapshotEntry e = snapshot.entries().get(FILE);
        if (e == null) {
            return Set.of();
        }
        try (InputStream in = transport.open(snapshot, e)) {
            Map<String, Object> map = Json.parseObject(new String(in.readNBytes(16 << 20), StandardCharsets.UTF_8));
            Set<String> ids = new HashSet<>();
            for (Object o : new JsonObject(map, FILE).list("forgotten")) {
                if (o instanceof Map<?, ?> m && m.get("session_id") instanceof String s) {
                    ids.add(s);
                }
            }
            return ids;
        } catch (IOException | Json.JsonSyntaxException | IllegalStateException ex) {
            throw new dev.convergence.api.GuardRefusedException("the cluster's " + FILE + " is malformed: " + ex.getMessage(),
                    "restore the project's branch, or remove the file from it");
        }
    }

    /** Whether a context file belongs to one of the forgotten sessions. */
    public static boolean covers(Set<String> forgotten, String rel) {
        int slash = rel.indexOf('/');
        String first = slash < 0 ? rel : rel.substring(0, slash);
        String session = first.endsWith(".jsonl") ? first.substring(0, first.length() - 6) : first;
        return forgotten.contains(session);
    }

    /**
     * Removes a session's transcript and subfolders from the cluster and records it as forgotten.
     *
     * @return the paths removed from the cluster
     */
    public static List<String> forget(ProjectState state, Transport transport, String sessionId, String machineId, Instant now) {
        if (!SESSION_ID.matcher(sessionId).matches()) {
            throw new BadInputException("'" + sessionId + "' is not a session id", "give the transcript's file name without .jsonl");
        }
        for (int attempt = 0; attempt < 12; attempt++) {
            Snapshot snap = transport.read(state.id());
            Set<String> deletes = new TreeSet<>();
            for (String path : snap.entries().keySet()) {
                String prefix = ContextFiles.CLUSTER_PREFIX + sessionId;
                if (path.equals(prefix + ".jsonl") || path.startsWith(prefix + "/")) {
                    deletes.add(path);
                }
            }
            Set<String> already = read(transport, snap);
            if (deletes.isEmpty() && !already.contains(sessionId)) {
                throw new NotFoundException("the cluster holds no session " + sessionId + " in project " + state.id(),
                        "list the project's files with 'git ls-tree' or check the id in " + state.contextDir());
            }
            if (deletes.isEmpty()) {
                return List.of();
            }
            byte[] record = updated(transport, snap, sessionId, machineId, now);
            try {
                transport.publish(state.id(), snap.token(), new Changeset(Map.of(FILE, Content.of(record)), deletes,
                        "convergence: forget session " + sessionId));
                deletes.forEach(p -> state.files().remove(p.substring(ContextFiles.CLUSTER_PREFIX.length())));
                state.save();
                return new ArrayList<>(deletes);
            } catch (StaleSnapshotException e) {
                // Someone published meanwhile: read again and retry.
            }
        }
        throw new TransportException("the cluster kept changing while forgetting " + sessionId, "try again in a moment");
    }

    private static byte[] updated(Transport transport, Snapshot snap, String sessionId, String machineId, Instant now) {
        List<Object> list = new ArrayList<>();
        SnapshotEntry e = snap.entries().get(FILE);
        if (e != null) {
            try (InputStream in = transport.open(snap, e)) {
                list.addAll(new JsonObject(Json.parseObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)), FILE).list("forgotten"));
            } catch (IOException | Json.JsonSyntaxException ex) {
                throw new dev.convergence.api.GuardRefusedException("the cluster's " + FILE + " is malformed", "restore the project's branch");
            }
        }
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("session_id", sessionId);
        rec.put("machine_id", machineId);
        rec.put("at", now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        list.add(rec);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("forgotten", list);
        return Json.writePretty(doc).getBytes(StandardCharsets.UTF_8);
    }
}
