package dev.convergence.core.crypto;

import dev.convergence.api.GuardRefusedException;
import dev.convergence.core.json.Json;
import dev.convergence.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The encrypted index ({@code e/index}) of a project: its generation (monotonic, one per publish),
 * the current data key, the machines' public keys, and for every plain path its size, hash and
 * chain of segments. Sealed with AES-256-GCM under the current data key, bound to the project id;
 * layout {@code "CVGI" | 0x01 | len(keyId) | keyId | nonce | ciphertext | tag}.
 */
final class CipherIndex {

    static final String FORMAT = "convergence-index/1";
    private static final byte[] MAGIC = "CVGI".getBytes(StandardCharsets.US_ASCII);

    /** One segment of a file's chain: its object name, the id (hash prefix) of its plaintext, its length. */
    record Segment(String name, String id, long length) {
    }

    /** One plain file: size and SHA-256 of the whole plaintext, and its segments in order. */
    record FileEntry(long size, String sha256, List<Segment> segments) {
        FileEntry {
            segments = List.copyOf(segments);
        }
    }

    long generation;
    String currentKey;
    final Map<String, String> machines = new TreeMap<>();
    final Map<String, FileEntry> files = new TreeMap<>();

    CipherIndex copy() {
        CipherIndex c = new CipherIndex();
        c.generation = generation;
        c.currentKey = currentKey;
        c.machines.putAll(machines);
        c.files.putAll(files);
        return c;
    }

    byte[] seal(String project, byte[] dataKey) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("project_id", project);
        m.put("generation", generation);
        m.put("current_key", currentKey);
        m.put("machines", new LinkedHashMap<>(machines));
        Map<String, Object> fs = new LinkedHashMap<>();
        files.forEach((path, f) -> {
            List<Object> segs = new ArrayList<>();
            for (Segment s : f.segments()) {
                segs.add(List.of(s.name(), s.id(), s.length()));
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("size", f.size());
            e.put("sha256", f.sha256());
            e.put("segments", segs);
            fs.put(path, e);
        });
        m.put("files", fs);
        byte[] plain = Json.writeCompact(m).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] id = currentKey.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(MAGIC);
        out.write(1);
        out.write(id.length);
        out.writeBytes(id);
        out.writeBytes(Aead.seal(dataKey, plain, aad(project, currentKey)));
        return out.toByteArray();
    }

    /** The key id named in a sealed index's header. */
    static String keyIdOf(byte[] sealed, String project) {
        if (sealed.length < 6 || !Arrays.equals(Arrays.copyOf(sealed, 4), MAGIC) || sealed[4] != 1 || sealed.length < 6 + (sealed[5] & 0xff)) {
            throw refused(project, "is not an encrypted index");
        }
        return new String(sealed, 6, sealed[5] & 0xff, StandardCharsets.US_ASCII);
    }

    static CipherIndex open(byte[] sealed, String project, byte[] dataKey) {
        String keyId = keyIdOf(sealed, project);
        int at = 6 + keyId.length();
        byte[] plain = Aead.open(dataKey, Arrays.copyOfRange(sealed, at, sealed.length), aad(project, keyId));
        if (plain == null) {
            throw refused(project, "fails authentication (altered, truncated, or from another project)");
        }
        try {
            JsonObject o = new JsonObject(Json.parseObject(new String(plain, StandardCharsets.UTF_8)), "index");
            if (!FORMAT.equals(o.string("format").orElse("")) || !project.equals(o.string("project_id").orElse(""))) {
                throw refused(project, "belongs to another project or format");
            }
            CipherIndex ix = new CipherIndex();
            ix.generation = o.number("generation").orElseThrow();
            ix.currentKey = o.requireString("current_key");
            if (!ix.currentKey.equals(keyId)) {
                throw refused(project, "is sealed with a key other than the one it names as current");
            }
            o.object("machines").ifPresent(ms -> ms.map().forEach((k, v) -> ix.machines.put(k, String.valueOf(v))));
            JsonObject fs = o.object("files").orElseThrow();
            for (String path : fs.map().keySet()) {
                JsonObject f = fs.object(path).orElseThrow();
                List<Segment> segs = new ArrayList<>();
                for (Object s : f.list("segments")) {
                    List<?> l = (List<?>) s;
                    segs.add(new Segment((String) l.get(0), (String) l.get(1), ((Number) l.get(2)).longValue()));
                }
                ix.files.put(path, new FileEntry(f.number("size").orElseThrow(), f.requireString("sha256"), segs));
            }
            return ix;
        } catch (Json.JsonSyntaxException | RuntimeException e) {
            if (e instanceof GuardRefusedException g) {
                throw g;
            }
            throw refused(project, "is malformed: " + e.getMessage());
        }
    }

    private static byte[] aad(String project, String keyId) {
        return ("convergence index v1\n" + project + "\n" + keyId).getBytes(StandardCharsets.UTF_8);
    }

    static GuardRefusedException refused(String project, String why) {
        return new GuardRefusedException("refused the cluster's index of project " + project + ": it " + why + "; nothing was written",
                "the cluster may have been tampered with; restore the project from a good copy");
    }
}
