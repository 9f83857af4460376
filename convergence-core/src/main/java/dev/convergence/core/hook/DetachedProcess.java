package dev.convergence.core.hook;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts a process that outlives its parent and holds none of its streams: stdin from the null
 * device, stdout and stderr discarded (Claude Code waits for the hook's stdout to close).
 *
 * <p>On POSIX it goes through {@code /bin/sh -c '"$@" &'}, which starts it and exits at once: the
 * process is then nobody's child here, so no JVM thread sits in {@code waitpid} — a thread in
 * native code at exit costs a JVM about 300 ms of shutdown wait, more than the hook's whole
 * budget. Where {@code setsid} exists the process gets a session of its own (closing the terminal
 * does not hang it up); where {@code nice} exists it runs at lower priority, being background work.
 */
public final class DetachedProcess {

    private static final List<Path> SH = List.of(Path.of("/bin/sh"), Path.of("/usr/bin/sh"));
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final List<Path> NICE = List.of(Path.of("/usr/bin/nice"), Path.of("/bin/nice"));

    private DetachedProcess() {
    }

    /**
     * Starts {@code command} in {@code dir} with exactly the variables {@code environment}; does not
     * wait for it (only, on POSIX, for the shell that launches it, a few milliseconds).
     *
     * @throws IOException when it cannot be started
     */
    public static void start(List<String> command, Path dir, Map<String, String> environment) throws IOException {
        List<String> line = new ArrayList<>();
        Path sh = isWindows() ? null : first(SH);
        if (sh != null) {
            line.addAll(List.of(sh.toString(), "-c", "\"$@\" &", "convergence-hook"));
            Path setsid = first(SETSID);
            if (setsid != null) {
                line.add(setsid.toString());
            }
            Path nice = first(NICE);
            if (nice != null) {
                line.addAll(List.of(nice.toString(), "-n", "10"));
            }
        }
        line.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(line).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process launcher = pb.start();
        if (sh != null) {
            try {
                launcher.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Path first(List<Path> candidates) {
        return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
