package dev.convergence.core.crypto;

import dev.convergence.api.GuardRefusedException;
import dev.convergence.core.json.Json;
import dev.convergence.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code keys.json}, the one cleartext file of an encrypted project: each data key (by id), wrapped
 * for each machine that may read it and optionally under a passphrase. It holds no secret in clear
 * and is not trusted for anything but unwrapping: which key is current and which machines belong
 * are read from the authenticated index.
 */
final class KeyRing {

    static final String FORMAT = "convergence-keys/1";

    /** One data key's wraps. */
    static final class Entry {
        final String id;
        final Map<String, KeyWrap.ForMachine> machines = new TreeMap<>();
        KeyWrap.ForPassphrase passphrase;

        Entry(String id) {
            this.id = id;
        }
    }

    final String project;
    final List<Entry> keys = new ArrayList<>();

    KeyRing(String project) {
        this.project = project;
    }

    Optional<Entry> key(String id) {
        return keys.stream().filter(k -> k.id.equals(id)).findFirst();
    }

    static String context(String project, String keyId, String holder) {
        return project + "|" + keyId + "|" + holder;
    }

    byte[] write() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("project_id", project);
        m.put("cipher", "AES-256-GCM; keys wrapped with X25519+HKDF-SHA256 or Argon2id");
        List<Object> ks = new ArrayList<>();
        for (Entry k : keys) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", k.id);
            Map<String, Object> ms = new LinkedHashMap<>();
            k.machines.forEach((id, w) -> ms.put(id, Map.of("epk", b64(w.ephemeral()), "ct", b64(w.sealed()))));
            e.put("machines", ms);
            if (k.passphrase != null) {
                KeyWrap.ForPassphrase p = k.passphrase;
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("kdf", "argon2id");
                pm.put("m_kib", (long) p.memoryKib());
                pm.put("t", (long) p.iterations());
                pm.put("p", (long) p.parallelism());
                pm.put("salt", b64(p.salt()));
                pm.put("ct", b64(p.sealed()));
                e.put("passphrase", pm);
            }
            ks.add(e);
        }
        m.put("keys", ks);
        return Json.writePretty(m).getBytes(StandardCharsets.UTF_8);
    }

    static KeyRing parse(byte[] bytes, String project) {
        try {
            JsonObject o = new JsonObject(Json.parseObject(new String(bytes, StandardCharsets.UTF_8)), "keys.json");
            if (!FORMAT.equals(o.string("format").orElse("")) || !project.equals(o.string("project_id").orElse(""))) {
                throw new IllegalStateException("keys.json is not a " + FORMAT + " file of project " + project);
            }
            KeyRing ring = new KeyRing(project);
            for (Object k : o.list("keys")) {
                @SuppressWarnings("unchecked")
                JsonObject ko = new JsonObject((Map<String, Object>) k, "keys.json key");
                Entry e = new Entry(ko.requireString("id"));
                ko.object("machines").ifPresent(ms -> ms.map().keySet().forEach(id -> {
                    JsonObject w = ms.object(id).orElseThrow();
                    e.machines.put(id, new KeyWrap.ForMachine(unb64(w.requireString("epk")), unb64(w.requireString("ct"))));
                }));
                ko.object("passphrase").ifPresent(p -> e.passphrase = new KeyWrap.ForPassphrase(p.number("m_kib").orElseThrow().intValue(),
                        p.number("t").orElseThrow().intValue(), p.number("p").orElseThrow().intValue(),
                        unb64(p.requireString("salt")), unb64(p.requireString("ct"))));
                ring.keys.add(e);
            }
            return ring;
        } catch (Json.JsonSyntaxException | RuntimeException e) {
            throw new GuardRefusedException("the cluster's keys.json of project " + project + " is malformed: " + e.getMessage(),
                    "the cluster may have been tampered with; restore keys.json from a good copy");
        }
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] unb64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
