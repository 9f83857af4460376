package dev.convergence.core.crypto;

import dev.convergence.api.ConfigException;
import dev.convergence.api.ProjectId;
import dev.convergence.core.Environment;
import dev.convergence.core.json.Json;
import dev.convergence.core.json.JsonObject;
import dev.convergence.core.state.AtomicFiles;
import dev.convergence.core.state.MachineIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What this machine keeps about encrypted projects, under {@code $CONVERGENCE_HOME/keys/}: its key
 * pair, and per project ({@code projects/<id>.json}) whether it was seen encrypted (a later
 * cleartext copy is a downgrade and refused), the highest index generation seen (an older one is
 * a replay and refused), and data keys imported with {@code convergence key import} (still
 * wrapped for this machine's key). The passphrase, when given, lives only in memory.
 */
public final class LocalKeys {

    private final Path dir;
    private final String machineId;
    private final Optional<String> passphrase;

    public LocalKeys(Path convergenceHome, String machineId, Optional<String> passphrase) {
        this.dir = convergenceHome.resolve("keys");
        this.machineId = machineId;
        this.passphrase = passphrase.filter(p -> !p.isEmpty());
    }

    /** From the environment; {@code CONVERGENCE_PASSPHRASE} unless a passphrase is given. */
    public static LocalKeys of(Environment env, Optional<String> passphrase) {
        return new LocalKeys(env.convergenceHome(), MachineIdentity.of(env),
                passphrase.isPresent() ? passphrase : env.get("CONVERGENCE_PASSPHRASE"));
    }

    public Path dir() {
        return dir;
    }

    public String machineId() {
        return machineId;
    }

    Optional<String> passphrase() {
        return passphrase;
    }

    public MachineKey machineKey() {
        return MachineKey.loadOrCreate(dir, machineId);
    }

    boolean hasMachineKey() {
        return MachineKey.exists(dir);
    }

    /** Whether this machine has synced the project encrypted (local state only, no network). */
    public boolean seenEncrypted(ProjectId project) {
        return load(project).encrypted;
    }

    /** The per-project record. */
    static final class Record {
        boolean encrypted;
        long generation = -1;
        final Map<String, KeyWrap.ForMachine> imported = new TreeMap<>();
    }

    Record load(ProjectId project) {
        Path f = file(project);
        Record r = new Record();
        try {
            JsonObject o = new JsonObject(Json.parseObject(Files.readString(f, StandardCharsets.UTF_8)), f.toString());
            r.encrypted = o.bool("encrypted").orElse(false);
            r.generation = o.number("generation").orElse(-1L);
            o.object("imported").ifPresent(im -> im.map().keySet().forEach(id -> {
                JsonObject w = im.object(id).orElseThrow();
                r.imported.put(id, new KeyWrap.ForMachine(KeyRing.unb64(w.requireString("epk")), KeyRing.unb64(w.requireString("ct"))));
            }));
            return r;
        } catch (NoSuchFileException e) {
            return r;
        } catch (IOException | Json.JsonSyntaxException | RuntimeException e) {
            throw new ConfigException("corrupt key state " + f + ": " + e.getMessage(),
                    "move it aside; the next sync re-learns it (re-import keys you imported)");
        }
    }

    void save(ProjectId project, Record r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("encrypted", r.encrypted);
        m.put("generation", r.generation);
        Map<String, Object> im = new LinkedHashMap<>();
        r.imported.forEach((id, w) -> im.put(id, Map.of("epk", KeyRing.b64(w.ephemeral()), "ct", KeyRing.b64(w.sealed()))));
        m.put("imported", im);
        try {
            AtomicFiles.write(file(project), Json.writePretty(m).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigException("cannot write " + file(project) + ": " + e.getMessage(), "check the permissions of " + dir);
        }
    }

    private Path file(ProjectId project) {
        return dir.resolve("projects").resolve(project.value() + ".json");
    }
}
