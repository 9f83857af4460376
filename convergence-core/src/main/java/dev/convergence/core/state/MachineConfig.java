package dev.convergence.core.state;

import dev.convergence.api.ConfigException;
import dev.convergence.core.json.Json;
import dev.convergence.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code $CONVERGENCE_HOME/config.json}: this machine's defaults (the default remote). Unknown keys are kept. */
public final class MachineConfig {

    private final Path file;
    private final Map<String, Object> map;

    private MachineConfig(Path file, Map<String, Object> map) {
        this.file = file;
        this.map = map;
    }

    public static MachineConfig load(Path convergenceHome) {
        Path file = convergenceHome.resolve("config.json");
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            return new MachineConfig(file, Json.parseObject(text));
        } catch (NoSuchFileException e) {
            return new MachineConfig(file, new LinkedHashMap<>());
        } catch (Json.JsonSyntaxException | java.nio.charset.MalformedInputException e) {
            throw new ConfigException("corrupt configuration " + file + ": " + e.getMessage(),
                    "fix or delete the file, then set the remote again with 'convergence remote set URL'");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), "check its permissions");
        }
    }

    public Optional<String> defaultRemote() {
        try {
            return new JsonObject(map, file.toString()).string("remote");
        } catch (IllegalStateException e) {
            throw new ConfigException(e.getMessage(), "fix or delete " + file);
        }
    }

    /** How many backup sets to keep per project ({@code backup_keep}). */
    public int backupKeep() {
        return (int) longValue("backup_keep", BackupArchive.DEFAULT_KEEP);
    }

    /** The most bytes of backups to keep per project ({@code backup_max_bytes}). */
    public long backupMaxBytes() {
        return longValue("backup_max_bytes", BackupArchive.DEFAULT_MAX_BYTES);
    }

    private long longValue(String key, long fallback) {
        try {
            return new JsonObject(map, file.toString()).number(key).orElse(fallback);
        } catch (IllegalStateException e) {
            throw new ConfigException(e.getMessage(), "fix or delete " + file);
        }
    }

    public void setDefaultRemote(String remote) {
        if (remote == null) {
            map.remove("remote");
        } else {
            map.put("remote", remote);
        }
        save();
    }

    private void save() {
        try {
            AtomicFiles.write(file, Json.writePretty(map).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
