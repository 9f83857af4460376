package dev.convergence.transport.dir;

import dev.convergence.api.transport.ContentHash;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 100 MB file goes in and comes out streamed, never held in memory whole. */
class DirLargeFileTest {

    static final long SIZE = 100L * 1024 * 1024;

    @TempDir
    Path cluster;

    @Test
    void aHundredMegabyteFileRoundTripsStreamed() throws Exception {
        Content big = PatternContent.of(SIZE);
        try (Transport transport = DirTransportTest.open(cluster, Map.of())) {
            transport.ensureCluster(true);
            ProjectId project = ProjectId.of("big");
            transport.publish(project, SnapshotToken.ABSENT, new Changeset(Map.of("context/huge.jsonl", big), Set.of(), "big"));
            Snapshot snapshot = transport.read(project);
            assertEquals(SIZE, snapshot.entries().get("context/huge.jsonl").size());
            var digest = ContentHash.newDigest();
            try (InputStream in = new DigestInputStream(transport.open(snapshot, snapshot.entries().get("context/huge.jsonl")), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertArrayEquals(PatternContent.sha256(SIZE), digest.digest());
        }
    }
}
