package dev.convergence.core.hook;

import dev.convergence.api.BadInputException;
import dev.convergence.api.ConfigException;
import dev.convergence.core.json.Json;
import dev.convergence.core.state.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Adds, finds and removes the sync hook in one Claude Code settings file, in the shape Claude Code
 * reads: {@code {"hooks":{"Stop":[{"matcher":"","hooks":[{"type":"command","command":"…","timeout":15}]}]}}}.
 *
 * <p>Ours is any command hook whose command runs {@code convergence hook-sync} (whatever the
 * launcher's path); everything else in the file is left alone. Installing is idempotent (an entry
 * already there is updated in place), a file that would not change is not written, a file that does
 * change is first copied to the backup folder and then replaced atomically. Not thread-safe; the
 * file is the user's, so two editors at once are not guarded against beyond the atomic replace.
 */
public final class HookInstaller {

    /** Seconds Claude Code waits for the hook; ours returns well under one, so this is only a ceiling. */
    public static final long DEFAULT_TIMEOUT_SECONDS = 15;
    /** The subcommand the hook runs. */
    public static final String SUBCOMMAND = "hook-sync";

    private static final Pattern OURS = Pattern.compile("convergence(\\.[A-Za-z]+)?['\"]?\\s+hook-sync\\b");
    private static final int KEPT_BACKUPS = 20;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path settingsFile;
    private final Path backupDir;
    private final Instant now;

    /**
     * @param settingsFile the settings.json to edit (it and its folder are created when absent)
     * @param backupDir    where copies of the previous content go (e.g. {@code $CONVERGENCE_HOME/backups/settings})
     * @param now          the time stamped on backups
     */
    public HookInstaller(Path settingsFile, Path backupDir, Instant now) {
        this.settingsFile = settingsFile.toAbsolutePath().normalize();
        this.backupDir = backupDir;
        this.now = now;
    }

    /** Whether a hook command is ours. */
    public static boolean isOurs(String command) {
        return OURS.matcher(command).find();
    }

    /**
     * The command to put in the hook: the launcher's absolute path (single-quoted for the shell
     * when it needs it) when known, else {@code convergence} from the PATH, then {@code hook-sync}.
     */
    public static String commandFor(Optional<String> launcher) {
        String program = launcher.filter(l -> !l.isBlank()).orElse("convergence");
        if (!program.matches("[A-Za-z0-9_./:@%+=,-]+")) {
            program = "'" + program.replace("'", "'\\''") + "'";
        }
        return program + " " + SUBCOMMAND;
    }

    /** The file this installer edits. */
    public Path settingsFile() {
        return settingsFile;
    }

    /** Our hooks in the file, in file order. */
    public List<InstalledHook> installed() {
        List<InstalledHook> found = new ArrayList<>();
        ClaudeSettings.read(settingsFile).hooks().forEach((event, groups) -> {
            for (Map<String, Object> hook : commandHooks(groups)) {
                if (hook.get("command") instanceof String c && isOurs(c)) {
                    Optional<Long> timeout = hook.get("timeout") instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
                    found.add(new InstalledHook(event, c, timeout));
                }
            }
        });
        return found;
    }

    /** Makes {@code event} run {@code command}: one entry of ours under it, added or updated in place. */
    public SettingsChange install(HookEvent event, String command, long timeoutSeconds) {
        ClaudeSettings settings = ClaudeSettings.read(settingsFile);
        Map<String, Object> hooks = settings.hooks();
        List<Object> groups = groupsOf(hooks, event.settingsName());
        boolean placed = false;
        for (Iterator<Object> g = groups.iterator(); g.hasNext(); ) {
            List<Object> entries = entriesOf(g.next());
            boolean removed = false;
            for (Iterator<Object> e = entries.iterator(); e.hasNext(); ) {
                if (e.next() instanceof Map<?, ?> hook && hook.get("command") instanceof String c && isOurs(c)) {
                    if (placed) {
                        e.remove();
                        removed = true;
                    } else {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> mine = (Map<String, Object>) hook;
                        mine.put("type", "command");
                        mine.put("command", command);
                        mine.put("timeout", timeoutSeconds);
                        placed = true;
                    }
                }
            }
            if (removed && entries.isEmpty()) {
                g.remove();
            }
        }
        if (!placed) {
            Map<String, Object> hook = new LinkedHashMap<>();
            hook.put("type", "command");
            hook.put("command", command);
            hook.put("timeout", timeoutSeconds);
            Map<String, Object> group = new LinkedHashMap<>();
            group.put("matcher", "");
            group.put("hooks", new ArrayList<>(List.of(hook)));
            groups.add(group);
        }
        hooks.put(event.settingsName(), groups);
        return write(settings, hooks);
    }

    /** Removes our entries (under {@code event}, or under every event), dropping groups and keys they leave empty. */
    public SettingsChange uninstall(Optional<HookEvent> event) {
        ClaudeSettings settings = ClaudeSettings.read(settingsFile);
        Map<String, Object> hooks = settings.hooks();
        if (!settings.exists()) {
            return new SettingsChange(settingsFile, false, false, Optional.empty());
        }
        for (Iterator<Map.Entry<String, Object>> it = hooks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Object> entry = it.next();
            if (event.isPresent() && !event.get().settingsName().equals(entry.getKey()) || !(entry.getValue() instanceof List<?> groups)) {
                continue;
            }
            boolean removedAny = false;
            for (Iterator<?> g = groups.iterator(); g.hasNext(); ) {
                List<Object> entries = entriesOf(g.next());
                boolean removed = entries.removeIf(h -> h instanceof Map<?, ?> m && m.get("command") instanceof String c && isOurs(c));
                if (removed && entries.isEmpty()) {
                    g.remove();
                }
                removedAny |= removed;
            }
            if (removedAny && groups.isEmpty()) {
                it.remove();
            }
        }
        return write(settings, hooks);
    }

    private SettingsChange write(ClaudeSettings settings, Map<String, Object> hooks) {
        if (Json.writeCompact(hooks).equals(Json.writeCompact(settings.hooks())) && settings.exists()) {
            return new SettingsChange(settingsFile, false, false, Optional.empty());
        }
        Path target = realTarget();
        refuseReadOnly(target);
        String text = settings.withHooks(hooks);
        try {
            Optional<Path> backup = settings.exists() ? Optional.of(backUp(settings.text())) : Optional.empty();
            AtomicFiles.write(target, text.getBytes(StandardCharsets.UTF_8));
            return new SettingsChange(settingsFile, true, !settings.exists(), backup);
        } catch (IOException e) {
            throw new ConfigException("cannot write " + target + ": " + e.getMessage(),
                    "check that " + target.getParent() + " is writable");
        }
    }

    /** A symlinked settings file (dotfile managers) is edited where it points, and stays a link. */
    private Path realTarget() {
        try {
            return Files.exists(settingsFile) ? settingsFile.toRealPath() : settingsFile;
        } catch (IOException e) {
            return settingsFile;
        }
    }

    private static void refuseReadOnly(Path target) {
        if (!Files.exists(target)) {
            return;
        }
        boolean readOnly = !Files.isWritable(target);
        PosixFileAttributeView posix = Files.getFileAttributeView(target, PosixFileAttributeView.class);
        try {
            // isWritable is true for root whatever the mode; the owner's write bit says what the user meant.
            readOnly |= posix != null && !posix.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE);
        } catch (IOException e) {
            readOnly = true;
        }
        if (readOnly) {
            throw new ConfigException("refusing to edit " + target + ": the file is read-only",
                    "make it writable (chmod u+w " + target + ") if you want convergence to edit it, or add the hook by hand; nothing was written");
        }
    }

    private Path backUp(String previous) throws IOException {
        Files.createDirectories(backupDir);
        String base = settingsFile.getFileName() + ".convergence-backup-" + STAMP.format(now);
        Path backup = backupDir.resolve(base);
        for (int n = 1; Files.exists(backup); n++) {
            backup = backupDir.resolve(base + "-" + n);
        }
        AtomicFiles.write(backup, previous.getBytes(StandardCharsets.UTF_8));
        prune();
        return backup;
    }

    private void prune() throws IOException {
        String prefix = settingsFile.getFileName() + ".convergence-backup-";
        List<Path> backups;
        try (Stream<Path> s = Files.list(backupDir)) {
            backups = s.filter(p -> p.getFileName().toString().startsWith(prefix))
                    .sorted((a, b) -> Long.compare(mtime(a), mtime(b))).toList();
        }
        for (int i = 0; i < backups.size() - KEPT_BACKUPS; i++) {
            Files.deleteIfExists(backups.get(i));
        }
    }

    private static long mtime(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    @SuppressWarnings("unchecked")
    private List<Object> groupsOf(Map<String, Object> hooks, String event) {
        Object groups = hooks.get(event);
        if (groups == null) {
            return new ArrayList<>();
        }
        if (!(groups instanceof List)) {
            throw new BadInputException("refusing to edit " + settingsFile + ": its \"hooks\"." + event + " is not an array",
                    "fix that entry by hand; nothing was written");
        }
        return (List<Object>) groups;
    }

    /** The entry list of one matcher group; an empty throwaway list for anything not shaped like one. */
    @SuppressWarnings("unchecked")
    private static List<Object> entriesOf(Object group) {
        if (group instanceof Map<?, ?> g && g.get("hooks") instanceof List<?> entries) {
            return (List<Object>) entries;
        }
        return new ArrayList<>(List.of(group));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> commandHooks(Object groups) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (groups instanceof List<?> l) {
            for (Object g : l) {
                if (g instanceof Map<?, ?> m && m.get("hooks") instanceof List<?> entries) {
                    entries.stream().filter(Map.class::isInstance).forEach(e -> out.add((Map<String, Object>) e));
                }
            }
        }
        return out;
    }
}
