package dev.convergence.core.roster;

import dev.convergence.api.BadInputException;
import dev.convergence.api.GuardRefusedException;
import dev.convergence.api.OsFamily;
import dev.convergence.api.Participant;
import dev.convergence.api.ProjectId;
import dev.convergence.api.Roster;
import dev.convergence.core.json.Json;
import dev.convergence.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes {@code roster.json} as FORMAT.md defines it (2-space indent, trailing newline),
 * keeping keys written by other clients. A roster comes from the cluster, which is untrusted:
 * anything malformed is refused with a {@link GuardRefusedException} naming the problem.
 */
public final class RosterCodec {

    public static final String FILE = "roster.json";
    private static final Set<String> KNOWN_TOP = Set.of("project_id", "canonical_sentinel", "rewrite_home", "participants");
    private static final Set<String> KNOWN_PARTICIPANT = Set.of("machine_id", "os", "home", "project_root", "encoded_dir",
            "last_converged", "last_converged_commit");

    private RosterCodec() {
    }

    public static Roster parse(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw refused("is not valid UTF-8");
        }
        Map<String, Object> map;
        try {
            map = Json.parseObject(text);
        } catch (Json.JsonSyntaxException e) {
            throw refused("is not valid JSON (" + e.getMessage() + ")");
        }
        try {
            JsonObject o = new JsonObject(map, FILE);
            ProjectId id = ProjectId.of(o.requireString("project_id"));
            String sentinel = o.string("canonical_sentinel").orElse(Roster.ROOT_SENTINEL);
            if (!sentinel.equals(Roster.ROOT_SENTINEL)) {
                throw refused("names an unknown sentinel '" + sentinel + "' (this version knows " + Roster.ROOT_SENTINEL + ")");
            }
            boolean rewriteHome = o.bool("rewrite_home").orElse(true);
            List<Participant> participants = new ArrayList<>();
            for (Object p : o.list("participants")) {
                if (!(p instanceof Map)) {
                    throw refused("has a participant that is not an object");
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> pm = (Map<String, Object>) p;
                participants.add(participant(new JsonObject(pm, FILE)));
            }
            return new Roster(id, sentinel, rewriteHome, participants, unknown(map, KNOWN_TOP));
        } catch (IllegalStateException | BadInputException e) {
            throw refused("is malformed: " + e.getMessage());
        }
    }

    private static Participant participant(JsonObject o) {
        Instant last = null;
        String lastText = o.string("last_converged").orElse(null);
        if (lastText != null) {
            try {
                last = Instant.parse(lastText);
            } catch (DateTimeParseException e) {
                throw new IllegalStateException("last_converged '" + lastText + "' is not an ISO-8601 time");
            }
        }
        return new Participant(o.requireString("machine_id"), OsFamily.fromWire(o.requireString("os")),
                o.requireString("home"), o.requireString("project_root"), o.requireString("encoded_dir"),
                last, o.string("last_converged_commit").orElse(null), unknown(o.map(), KNOWN_PARTICIPANT));
    }

    private static Map<String, String> unknown(Map<String, Object> map, Set<String> known) {
        Map<String, String> extra = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (!known.contains(k)) {
                extra.put(k, Json.writeCompact(v));
            }
        });
        return extra;
    }

    public static byte[] write(Roster roster) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("project_id", roster.projectId().value());
        m.put("canonical_sentinel", roster.canonicalSentinel());
        m.put("rewrite_home", roster.rewriteHome());
        List<Object> ps = new ArrayList<>();
        for (Participant p : roster.participants()) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("machine_id", p.machineId());
            pm.put("os", p.os().wireName());
            pm.put("home", p.home());
            pm.put("project_root", p.projectRoot());
            pm.put("encoded_dir", p.encodedDir());
            pm.put("last_converged", p.lastConverged() == null ? Json.NULL
                    : p.lastConverged().truncatedTo(ChronoUnit.SECONDS).toString());
            pm.put("last_converged_commit", p.lastConvergedCommit() == null ? Json.NULL : p.lastConvergedCommit());
            putRaw(pm, p.extra());
            ps.add(pm);
        }
        m.put("participants", ps);
        putRaw(m, roster.extra());
        return Json.writePretty(m).getBytes(StandardCharsets.UTF_8);
    }

    private static void putRaw(Map<String, Object> into, Map<String, String> raw) {
        raw.forEach((k, v) -> {
            try {
                into.put(k, Json.parse(v));
            } catch (Json.JsonSyntaxException e) {
                throw new IllegalStateException("unreachable: extra key " + k + " holds invalid JSON", e);
            }
        });
    }

    private static GuardRefusedException refused(String what) {
        return new GuardRefusedException("the cluster's " + FILE + " " + what,
                "the cluster may have been edited by hand or by another tool; restore the branch or re-create the project with 'convergence init'");
    }
}
