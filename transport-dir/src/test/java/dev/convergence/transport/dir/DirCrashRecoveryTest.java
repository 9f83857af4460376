package dev.convergence.transport.dir;

import static dev.convergence.transport.dir.Publishing.put;
import static dev.convergence.transport.dir.Publishing.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a writer killed half-way leaves behind is ignored by readers and cleaned by the next writer. */
class DirCrashRecoveryTest {

    private static final ProjectId PROJECT = ProjectId.of("proj");

    @TempDir
    Path cluster;

    @Test
    void anIncompleteGenerationLeftByAKilledWriterIsIgnoredAndCleaned() throws Exception {
        Map<String, String> options = Map.of("dir.keep-generations", "1", "dir.reader-grace-seconds", "0",
                "dir.lock-stale-seconds", "60");
        try (Transport transport = DirTransportTest.open(cluster, options)) {
            transport.ensureCluster(true);
            SnapshotToken first = transport.publish(PROJECT, SnapshotToken.ABSENT, put("a", "committed"));
            Path project = cluster.resolve("proj");
            // The killed writer got as far as: a half-copied blob, a half-written manifest under tmp/,
            // an orphan blob already renamed into place, a truncated manifest 2 (no atomic rename
            // on its file system), and its lock.
            Path halfBlob = Files.writeString(project.resolve("tmp/blob-dead"), "half a bl");
            Path halfManifest = Files.writeString(project.resolve("tmp/manifest-dead"), "{\"format\":1,\"gen");
            Path orphan = project.resolve("objects/00/" + "0".repeat(64));
            Files.createDirectories(orphan.getParent());
            Files.writeString(orphan, "never referenced");
            Path truncated = Files.writeString(project.resolve("manifests/2.json"), "{\"format\":1,\"generation\":2,\"entr");
            Path lock = Files.writeString(project.resolve("LOCK"), "dead 999 2001-01-01T00:00:00Z\n");
            FileTime longAgo = FileTime.from(Instant.now().minusSeconds(3600));
            for (Path p : new Path[] {halfBlob, halfManifest, orphan, truncated, lock}) {
                Files.setLastModifiedTime(p, longAgo);
            }

            Snapshot seen = transport.read(PROJECT);
            assertEquals(first, seen.token(), "the incomplete generation is invisible");
            assertEquals("committed", text(transport, seen, "a"));

            SnapshotToken next = transport.publish(PROJECT, first, put("a", "after the crash"));
            assertEquals("3", next.value().split("-")[0], "the next generation skips the broken number");
            assertEquals("after the crash", text(transport, transport.read(PROJECT), "a"));
            for (Path p : new Path[] {halfBlob, halfManifest, orphan, truncated, lock}) {
                assertFalse(Files.exists(p), p + " was left behind");
            }
            assertTrue(Files.exists(project.resolve("manifests/3.json")));
        }
    }
}
