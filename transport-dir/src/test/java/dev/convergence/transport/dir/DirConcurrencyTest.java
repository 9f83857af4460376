package dev.convergence.transport.dir;

import static dev.convergence.transport.dir.Publishing.publishRetrying;
import static dev.convergence.transport.dir.Publishing.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writers racing on one project: every round has exactly one winner and no write is lost. */
class DirConcurrencyTest {

    private static final ProjectId PROJECT = ProjectId.of("race");

    @TempDir
    Path cluster;

    @Test
    void twoThreadsPublishingOnTheSameTokenExactlyOneWinsEachRoundAndTheLoserLandsOnRetry() throws Exception {
        int rounds = 25;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Transport a = DirTransportTest.open(cluster, Map.of()); Transport b = DirTransportTest.open(cluster, Map.of())) {
            a.ensureCluster(true);
            a.publish(PROJECT, SnapshotToken.ABSENT, put("seed", "0"));
            CyclicBarrier barrier = new CyclicBarrier(2);
            for (int round = 0; round < rounds; round++) {
                SnapshotToken token = a.read(PROJECT).token();
                int r = round;
                Future<Boolean> fa = pool.submit(() -> race(a, token, barrier, "a" + r));
                Future<Boolean> fb = pool.submit(() -> race(b, token, barrier, "b" + r));
                boolean aWon = fa.get(30, TimeUnit.SECONDS);
                boolean bWon = fb.get(30, TimeUnit.SECONDS);
                assertTrue(aWon ^ bWon, "round " + r + ": exactly one publisher must win");
                publishRetrying(aWon ? b : a, PROJECT, put((aWon ? "b" : "a") + r, "retried"));
            }
            Set<String> paths = a.read(PROJECT).entries().keySet();
            for (int round = 0; round < rounds; round++) {
                assertTrue(paths.contains("a" + round) && paths.contains("b" + round), "round " + round + " lost a write");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean race(Transport transport, SnapshotToken token, CyclicBarrier barrier, String path) throws Exception {
        barrier.await(10, TimeUnit.SECONDS);
        try {
            transport.publish(PROJECT, token, put(path, "first try"));
            return true;
        } catch (StaleSnapshotException e) {
            return false;
        }
    }

    @Test
    void twoJvmProcessesPublishingAtOnceLoseNoWrite() throws Exception {
        int each = 30;
        Path start = cluster.resolveSibling(cluster.getFileName() + ".start");
        try (Transport parent = DirTransportTest.open(cluster, Map.of())) {
            parent.ensureCluster(true);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RacingWriter.class.getName(),
                    cluster.toString(), PROJECT.value(), "child-", String.valueOf(each), start.toString())
                    .redirectErrorStream(true).redirectOutput(cluster.resolveSibling("child.log").toFile()).start();
            try {
                Path ready = Path.of(start + ".ready");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!Files.exists(ready) && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
                Files.writeString(start, "go");
                for (int i = 0; i < each; i++) {
                    publishRetrying(parent, PROJECT, put("parent-" + i, "written by the test JVM"));
                }
                assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
                assertEquals(0, child.exitValue(), () -> "child failed: " + readLog(cluster.resolveSibling("child.log")));
                Snapshot snapshot = parent.read(PROJECT);
                Set<String> expected = new HashSet<>();
                for (int i = 0; i < each; i++) {
                    expected.add("parent-" + i);
                    expected.add("child-" + i);
                }
                assertEquals(expected, snapshot.entries().keySet());
                assertEquals(String.valueOf(2L * each), snapshot.token().value().split("-")[0]);
            } finally {
                child.destroyForcibly();
            }
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log)";
        }
    }
}
