package dev.convergence.core;

import dev.convergence.api.BadInputException;
import dev.convergence.api.OsFamily;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where this machine keeps things, read from the process environment so tests can run whole
 * machines in temp dirs: {@code HOME}, {@code CLAUDE_CONFIG_DIR}, {@code CLAUDE_PROJECTS_DIR},
 * {@code CLAUDE_SETTINGS_PATH}, {@code CONVERGENCE_HOME}, {@code CONVERGENCE_MACHINE_ID},
 * {@code CONVERGENCE_OS}, {@code CONVERGENCE_NOW}, {@code CONVERGENCE_REMOTE}, and
 * {@code CONVERGENCE_LAUNCHER} (set by the installed launcher script to its own absolute path).
 *
 * <p>{@code CONVERGENCE_OS=windows} on a POSIX host simulates a Windows machine: real paths stay
 * POSIX on disk, and their <em>native form</em> (what Claude Code would write in transcripts) is
 * {@code C:} plus the path with backslashes ({@code /tmp/m/home/bob} → {@code C:\tmp\m\home\bob}).
 *
 * @param variables  the environment variables (never {@code null})
 * @param workingDir the current directory
 */
public record Environment(Map<String, String> variables, Path workingDir) {

    public Environment {
        variables = Map.copyOf(variables);
        workingDir = workingDir.toAbsolutePath().normalize();
    }

    /** This process's environment. */
    public static Environment system() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.dir")));
    }

    public Optional<String> get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    public Path home() {
        return get("HOME").map(Environment::path)
                .or(() -> get("USERPROFILE").map(Environment::path))
                .orElseGet(() -> Path.of(System.getProperty("user.home")).toAbsolutePath().normalize());
    }

    public Path claudeConfigDir() {
        return get("CLAUDE_CONFIG_DIR").map(Environment::path).orElseGet(() -> home().resolve(".claude"));
    }

    public Path projectsDir() {
        return get("CLAUDE_PROJECTS_DIR").map(Environment::path).orElseGet(() -> claudeConfigDir().resolve("projects"));
    }

    public Path settingsPath() {
        return get("CLAUDE_SETTINGS_PATH").map(Environment::path).orElseGet(() -> claudeConfigDir().resolve("settings.json"));
    }

    public Path convergenceHome() {
        return get("CONVERGENCE_HOME").map(Environment::path).orElseGet(() -> home().resolve(".convergence"));
    }

    public Optional<String> machineIdOverride() {
        return get("CONVERGENCE_MACHINE_ID");
    }

    public Optional<String> remoteOverride() {
        return get("CONVERGENCE_REMOTE");
    }

    /**
     * The absolute path of the {@code convergence} launcher running us, when known: the
     * {@code CONVERGENCE_LAUNCHER} variable the installed launcher script exports, else the
     * {@code convergence.launcher} system property.
     */
    public Optional<String> launcher() {
        return get("CONVERGENCE_LAUNCHER")
                .or(() -> Optional.ofNullable(System.getProperty("convergence.launcher")).filter(s -> !s.isBlank()));
    }

    public OsFamily os() {
        return get("CONVERGENCE_OS").map(OsFamily::fromWire)
                .orElseGet(() -> OsFamily.fromOsName(System.getProperty("os.name")));
    }

    /** {@code CONVERGENCE_NOW} (ISO-8601) when set, else the clock. */
    public Instant now() {
        Optional<String> fixed = get("CONVERGENCE_NOW");
        if (fixed.isEmpty()) {
            return Instant.now();
        }
        try {
            return Instant.parse(fixed.get());
        } catch (DateTimeParseException e) {
            throw new BadInputException("CONVERGENCE_NOW is not an ISO-8601 instant: '" + fixed.get() + "'",
                    "use a value like 2026-11-25T10:00:00Z or unset it");
        }
    }

    /** Whether native paths are simulated Windows paths on a POSIX host. */
    private boolean simulatedWindows() {
        return os().isWindows() && !OsFamily.fromOsName(System.getProperty("os.name")).isWindows();
    }

    /** The form of {@code path} that Claude Code on this machine writes into transcripts. */
    public String nativeForm(Path path) {
        String p = path.toAbsolutePath().normalize().toString();
        if (!simulatedWindows()) {
            return p;
        }
        return "C:" + p.replace('/', '\\');
    }

    /** The real path for a native form given by a user (inverse of {@link #nativeForm}). */
    public Path fromNative(String nativePath) {
        Objects.requireNonNull(nativePath, "nativePath");
        if (simulatedWindows() && nativePath.matches("(?i)[a-z]:[\\\\/].*")) {
            return Path.of(nativePath.substring(2).replace('\\', '/')).normalize();
        }
        return workingDir.resolve(nativePath).toAbsolutePath().normalize();
    }

    private static Path path(String value) {
        return Path.of(value).toAbsolutePath().normalize();
    }
}
