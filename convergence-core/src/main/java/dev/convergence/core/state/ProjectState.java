package dev.convergence.core.state;

import dev.convergence.api.ConfigException;
import dev.convergence.api.ProjectId;
import dev.convergence.core.json.Json;
import dev.convergence.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code $CONVERGENCE_HOME/projects/<id>.json}: one project as this machine knows it — where it
 * lives here, which cluster it syncs with, and the base of every synced file. Mutable; saved
 * atomically with {@link #save}.
 */
public final class ProjectState {

    public static final long DEFAULT_MAX_FILE_BYTES = 4L << 30;

    private final Path file;
    private final ProjectId id;
    private String projectRoot;
    private String contextDir;
    private String remote;
    private boolean rewriteHome = true;
    private boolean syncSubfolders = true;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private String scanSecrets = "off";
    private boolean redact;
    private boolean followSymlinks;
    private String lastToken = "";
    private String lastConverged = "";
    private String settled = "";
    private final Map<String, FileState> files = new TreeMap<>();
    private final TreeSet<String> conflicts = new TreeSet<>();
    private final Map<String, String> transportOptions = new TreeMap<>();
    private final Map<String, Object> extra = new LinkedHashMap<>();

    private ProjectState(Path file, ProjectId id) {
        this.file = file;
        this.id = id;
    }

    public static Path fileOf(Path convergenceHome, ProjectId id) {
        return convergenceHome.resolve("projects").resolve(id.value() + ".json");
    }

    public static ProjectState create(Path convergenceHome, ProjectId id, String projectRoot, String contextDir, String remote) {
        ProjectState s = new ProjectState(fileOf(convergenceHome, id), id);
        s.projectRoot = projectRoot;
        s.contextDir = contextDir;
        s.remote = remote;
        return s;
    }

    public static Optional<ProjectState> load(Path convergenceHome, ProjectId id) {
        return load(fileOf(convergenceHome, id));
    }

    public static Optional<ProjectState> load(Path file) {
        String name = file.getFileName().toString();
        String where = file.toString();
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            JsonObject o = new JsonObject(Json.parseObject(text), where);
            ProjectState s = new ProjectState(file, ProjectId.of(o.string("project_id").orElse(name.replaceFirst("\\.json$", ""))));
            s.projectRoot = o.requireString("project_root");
            s.contextDir = o.requireString("context_dir");
            s.remote = o.string("remote").orElse(null);
            s.rewriteHome = o.bool("rewrite_home").orElse(true);
            s.syncSubfolders = o.bool("sync_subfolders").orElse(true);
            s.maxFileBytes = o.number("max_file_bytes").orElse(DEFAULT_MAX_FILE_BYTES);
            s.scanSecrets = o.string("scan_secrets").orElse("off");
            s.redact = o.bool("redact").orElse(false);
            s.followSymlinks = o.bool("follow_symlinks").orElse(false);
            s.lastToken = o.string("last_token").orElse("");
            s.lastConverged = o.string("last_converged").orElse("");
            s.settled = o.string("settled").orElse("");
            o.object("files").ifPresent(fs -> fs.map().forEach((path, v) -> {
                JsonObject f = fs.object(path).orElseThrow();
                String cid = f.string("cid").orElse("");
                s.files.put(path, new FileState(cid, f.number("size").orElse(-1L),
                        f.number("mtime").orElse(0L), f.number("tail").orElse(0L), f.bool("stale").orElse(false),
                        f.number("synced").orElse(f.number("size").orElse(-1L)), f.number("lines").orElse(-1L),
                        f.string("base").orElse(cid)));
            }));
            o.object("transport_options").ifPresent(t -> t.map().forEach((k, v) -> s.transportOptions.put(k, String.valueOf(v))));
            for (Object c : o.list("conflicts")) {
                s.conflicts.add(String.valueOf(c));
            }
            for (String k : List.of("project_id", "project_root", "context_dir", "remote", "rewrite_home", "sync_subfolders",
                    "max_file_bytes", "scan_secrets", "redact", "follow_symlinks", "last_token", "last_converged", "settled", "files", "conflicts", "transport_options")) {
                o.map().remove(k);
            }
            s.extra.putAll(o.map());
            return Optional.of(s);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (Json.JsonSyntaxException | IllegalStateException | java.nio.charset.CharacterCodingException e) {
            throw new ConfigException("corrupt project state " + file + ": " + e.getMessage(),
                    "move the file aside and run 'convergence join' for this project again (your context files are not affected)");
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), "check its permissions");
        }
    }

    /** Every project registered on this machine; a corrupt state file is an error. */
    public static List<ProjectState> loadAll(Path convergenceHome) {
        List<ConfigException> problems = new ArrayList<>();
        List<ProjectState> out = loadAll(convergenceHome, problems);
        if (!problems.isEmpty()) {
            throw problems.get(0);
        }
        return out;
    }

    /** Every project registered on this machine whose state file reads; the others go to {@code problems}. */
    public static List<ProjectState> loadAll(Path convergenceHome, List<ConfigException> problems) {
        Path dir = convergenceHome.resolve("projects");
        List<ProjectState> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (var stream = Files.list(dir)) {
            for (Path p : stream.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    load(p).ifPresent(out::add);
                } catch (ConfigException e) {
                    problems.add(e);
                }
            }
        } catch (IOException e) {
            throw new ConfigException("cannot list " + dir + ": " + e.getMessage(), "check its permissions");
        }
        return out;
    }

    public void save() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("project_id", id.value());
        m.put("project_root", projectRoot);
        m.put("context_dir", contextDir);
        m.put("remote", remote == null ? Json.NULL : remote);
        m.put("rewrite_home", rewriteHome);
        m.put("sync_subfolders", syncSubfolders);
        m.put("max_file_bytes", maxFileBytes);
        m.put("scan_secrets", scanSecrets);
        m.put("redact", redact);
        if (followSymlinks) {
            m.put("follow_symlinks", true);
        }
        m.put("last_token", lastToken);
        m.put("last_converged", lastConverged);
        if (!settled.isEmpty()) {
            m.put("settled", settled);
        }
        Map<String, Object> fs = new LinkedHashMap<>();
        files.forEach((path, f) -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("cid", f.clusterId());
            e.put("size", f.localSize());
            e.put("mtime", f.localMtime());
            e.put("tail", f.tailHash());
            if (f.localStale()) {
                e.put("stale", true);
            }
            if (f.syncedBytes() != f.localSize()) {
                e.put("synced", f.syncedBytes());
            }
            if (f.syncedLines() >= 0) {
                e.put("lines", f.syncedLines());
            }
            if (!f.mergeBase().equals(f.clusterId())) {
                e.put("base", f.mergeBase());
            }
            fs.put(path, e);
        });
        m.put("files", fs);
        m.put("conflicts", new ArrayList<>(conflicts));
        if (!transportOptions.isEmpty()) {
            m.put("transport_options", new LinkedHashMap<>(transportOptions));
        }
        m.putAll(extra);
        try {
            AtomicFiles.write(file, Json.writePretty(m).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    public ProjectId id() {
        return id;
    }

    public String projectRoot() {
        return projectRoot;
    }

    public Path contextDir() {
        return Path.of(contextDir);
    }

    public Optional<String> remote() {
        return Optional.ofNullable(remote);
    }

    public void setRemote(String remote) {
        this.remote = remote;
    }

    public boolean rewriteHome() {
        return rewriteHome;
    }

    public void setRewriteHome(boolean rewriteHome) {
        this.rewriteHome = rewriteHome;
    }

    public boolean syncSubfolders() {
        return syncSubfolders;
    }

    public void setSyncSubfolders(boolean v) {
        this.syncSubfolders = v;
    }

    public long maxFileBytes() {
        return maxFileBytes;
    }

    public void setMaxFileBytes(long v) {
        this.maxFileBytes = v;
    }

    /** The project's default secret-scanning mode on push: {@code off}, {@code warn} or {@code strict}. */
    public String scanSecrets() {
        return scanSecrets;
    }

    public void setScanSecrets(String mode) {
        this.scanSecrets = mode;
    }

    /** Whether pushes redact secrets by default. */
    public boolean redact() {
        return redact;
    }

    public void setRedact(boolean redact) {
        this.redact = redact;
    }

    /** Whether syncs may go through a context dir that is a symbolic link. */
    public boolean followSymlinks() {
        return followSymlinks;
    }

    public void setFollowSymlinks(boolean v) {
        this.followSymlinks = v;
    }

    public String lastToken() {
        return lastToken;
    }

    public String lastConverged() {
        return lastConverged;
    }

    public void converged(String token, String when) {
        this.lastToken = token;
        this.lastConverged = when;
    }

    /**
     * What the last full sync left with nothing pending (the cluster's token and this machine's
     * settings, as {@code ProjectSync} composes them), or empty: a sync that finds the same can
     * end without opening the cluster.
     */
    public String settled() {
        return settled;
    }

    public void setSettled(String settled) {
        this.settled = settled;
    }

    public Map<String, FileState> files() {
        return files;
    }

    /** Options for the cluster's transport given at init/join ({@code s3.endpoint}, {@code s3.profile}, …). */
    public Map<String, String> transportOptions() {
        return transportOptions;
    }

    public TreeSet<String> conflicts() {
        return conflicts;
    }
}
