package dev.convergence.transport.dir;

import static dev.convergence.transport.dir.Publishing.put;
import static dev.convergence.transport.dir.Publishing.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Old generations and the blobs only they name are pruned, within the documented bounds. */
class DirPruningTest {

    private static final ProjectId PROJECT = ProjectId.of("proj");

    @TempDir
    Path cluster;

    @Test
    void keepsTheLastGenerationsAndSweepsBlobsNoKeptGenerationNames() throws Exception {
        try (Transport transport = DirTransportTest.open(cluster, Map.of("dir.keep-generations", "3", "dir.reader-grace-seconds", "0"))) {
            transport.ensureCluster(true);
            SnapshotToken token = SnapshotToken.ABSENT;
            for (int i = 1; i <= 6; i++) {
                token = transport.publish(PROJECT, token, put("a", "version " + i));
                Thread.sleep(5); // distinct modification times
            }
            assertEquals(3, count(cluster.resolve("proj/manifests")));
            assertEquals(3, count(cluster.resolve("proj/objects")));
            Snapshot snapshot = transport.read(PROJECT);
            assertEquals("version 6", text(transport, snapshot, "a"));
        }
    }

    @Test
    void aSupersededGenerationStaysReadableForTheReaderGrace() throws Exception {
        try (Transport transport = DirTransportTest.open(cluster, Map.of("dir.keep-generations", "1"))) {
            transport.ensureCluster(true);
            SnapshotToken token = transport.publish(PROJECT, SnapshotToken.ABSENT, put("a", "old"));
            Snapshot reading = transport.read(PROJECT);
            for (int i = 0; i < 4; i++) {
                token = transport.publish(PROJECT, token, put("a", "new " + i));
            }
            assertEquals("old", text(transport, reading, "a"), "a reader of an older generation can still stream it");
            assertEquals(5, count(cluster.resolve("proj/manifests")));
        }
    }

    private static long count(Path folder) throws Exception {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).count();
        }
    }
}
