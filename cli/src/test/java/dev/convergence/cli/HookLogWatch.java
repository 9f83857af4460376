package dev.convergence.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/** Bounded waits on a machine's hook log (the background sync is a separate JVM). */
final class HookLogWatch {

    private HookLogWatch() {
    }

    static Path logOf(Machine m) {
        return m.home.resolve(".convergence").resolve("logs").resolve("hook.log");
    }

    static List<String> lines(Machine m) throws IOException {
        Path log = logOf(m);
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    /** Waits up to {@code seconds} for a log line matching {@code wanted}; fails with the log so far. */
    static String awaitLine(Machine m, Predicate<String> wanted, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (String line : lines(m)) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no such line in the hook log within " + seconds + " s; log: " + lines(m));
    }
}
