package dev.convergence.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link PublisherProcess} running in a child JVM on the test's class path. */
final class ChildPublisher {

    private final Process process;
    private final Path ready;
    private final Path log;
    private final String prefix;

    private ChildPublisher(Process process, Path ready, Path log, String prefix) {
        this.process = process;
        this.ready = ready;
        this.log = log;
        this.prefix = prefix;
    }

    static ChildPublisher start(ClusterFixture cluster, ProjectId project, String prefix, int count,
                                Path workDir, Path go) throws IOException {
        Path cache = Files.createTempDirectory(cluster.scratchDir(), "child-" + prefix + "-");
        Path ready = workDir.resolve("ready-" + prefix);
        Path log = workDir.resolve("child-" + prefix + ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                PublisherProcess.class.getName(),
                cluster.provider().id(), cluster.uri().toString(), cache.toString(), cluster.home().toString(),
                project.value(), prefix, Integer.toString(count), ready.toString(), go.toString()));
        pb.environment().putAll(cluster.environment());
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ChildPublisher(pb.start(), ready, log, prefix);
    }

    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(ready)) {
            assertTrue(process.isAlive(), () -> "child " + prefix + " died before it was ready: " + output());
            assertTrue(System.nanoTime() < deadline, "child " + prefix + " was not ready within 30 s");
            Thread.sleep(10);
        }
    }

    void awaitSuccess() throws Exception {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child " + prefix + " did not finish within 60 s: " + output());
        }
        assertEquals(0, process.exitValue(), () -> "child " + prefix + " failed: " + output());
    }

    private String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        } catch (IOException e) {
            return "(unreadable output: " + e.getMessage() + ")";
        }
    }
}
