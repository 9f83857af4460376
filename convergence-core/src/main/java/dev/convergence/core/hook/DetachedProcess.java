package dev.convergence.core.hook;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts a process that outlives its parent and holds none of its streams: stdin from the null
 * device, stdout and stderr discarded (Claude Code waits for the hook's stdout to close), and, where
 * {@code setsid} exists, in a session of its own so closing the terminal does not hang it up.
 */
public final class DetachedProcess {

    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));

    private DetachedProcess() {
    }

    /**
     * Starts {@code command} in {@code dir} with exactly the variables {@code environment}; does not wait.
     *
     * @return the new process's pid
     * @throws IOException when it cannot be started
     */
    public static long start(List<String> command, Path dir, Map<String, String> environment) throws IOException {
        List<String> line = new ArrayList<>();
        if (!isWindows()) {
            SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(p -> line.add(p.toString()));
        }
        line.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(line).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File(isWindows() ? "NUL" : "/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(environment);
        return pb.start().pid();
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
    }
}
