package dev.convergence.transport.git;

import static dev.convergence.transport.git.PackFiles.assertEverythingReadable;
import static dev.convergence.transport.git.PackFiles.assertFew;
import static dev.convergence.transport.git.PackFiles.assertFsckClean;
import static dev.convergence.transport.git.PackFiles.bytes;
import static dev.convergence.transport.git.PackFiles.packs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every publish adds a pack to the cluster and to the publishing machine's clone, every fetch one
 * to the clone: through the real transport, syncs that never stop leave few packs on either side,
 * and nothing unreadable.
 */
class PacksAfterManySyncsTest {

    private static final ProjectId P = ProjectId.of("p");
    private static final ProjectId Q = ProjectId.of("q");

    @TempDir
    Path tempDir;

    private Path cluster;

    @BeforeEach
    void createCluster() throws Exception {
        cluster = tempDir.resolve("cluster.git");
        try (Transport t = open("a")) {
            t.ensureCluster(true);
            t.publish(P, SnapshotToken.ABSENT, new Changeset(Map.of("roster.json", Content.of(bytes("{}\n"))), Set.of(), "create"));
        }
    }

    @Test
    void syncsOfTwoMachinesTakingTurnsLeaveFewPacksInTheClusterAndInEachClone() throws Exception {
        Map<String, StringBuilder> written = Map.of("a", new StringBuilder(), "b", new StringBuilder());
        for (int i = 0; i < 60; i++) {
            String machine = i % 2 == 0 ? "a" : "b";
            sync(machine, P, written.get(machine).append("{\"n\":").append(i).append("}\n"));
            assertFew(cluster, "after sync " + i + ", the cluster");
            assertFew(clone(machine, P), "after sync " + i + ", the clone of " + machine);
        }
        assertEverythingReadable(cluster);
        assertEverythingReadable(clone("a", P));
        assertEverythingReadable(clone("b", P));
        try (Transport c = open("c")) {
            Snapshot s = c.read(P);
            assertArrayEquals(bytes(written.get("a").toString()), read(c, s, "context/s-a.jsonl"));
            assertArrayEquals(bytes(written.get("b").toString()), read(c, s, "context/s-b.jsonl"));
        }
    }

    @Test
    void gitFsckFindsNothingWrongAfterTheConsolidations() throws Exception {
        assumeTrue(GitDaemon.gitIsInstalled(), "no git binary on the PATH");
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sync(i % 2 == 0 ? "a" : "b", P, (i % 2 == 0 ? a : b).append("{\"n\":").append(i).append("}\n"));
        }
        assertTrue(packs(cluster).size() < 40, "no consolidation happened: " + packs(cluster).size() + " packs");
        assertFsckClean(cluster);
        assertFsckClean(clone("a", P));
        assertFsckClean(clone("b", P));
    }

    @Test
    void publishesRacingConsolidationsOfTheClusterLoseNothing() throws Exception {
        try (Transport t = open("b")) {
            t.publish(Q, SnapshotToken.ABSENT, new Changeset(Map.of("roster.json", Content.of(bytes("{}\n"))), Set.of(), "create"));
        }
        AtomicBoolean publishing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<String> p = pool.submit(() -> publishMany("a", P, new Random(11)));
            Future<String> q = pool.submit(() -> publishMany("b", Q, new Random(12)));
            Future<Integer> consolidations = pool.submit(() -> {
                int runs = 0;
                try (FileRepository own = new FileRepository(cluster.toFile())) {
                    while (publishing.get()) {
                        PackConsolidation.whenDue(own);
                        runs++;
                        Thread.sleep(1);
                    }
                }
                return runs;
            });
            String lastP = p.get();
            String lastQ = q.get();
            publishing.set(false);
            assertTrue(consolidations.get() > 0);

            assertEverythingReadable(cluster);
            assertFew(cluster, "the cluster");
            try (Transport c = open("c")) {
                assertArrayEquals(bytes(lastP), read(c, c.read(P), "context/s.jsonl"));
                assertArrayEquals(bytes(lastQ), read(c, c.read(Q), "context/s.jsonl"));
            }
        } finally {
            publishing.set(false);
            pool.shutdownNow();
        }
    }

    @Test
    void aPublishAfterFiftyOneOthersWithinTheHourWritesNoPackTheSizeOfTheCluster() throws Exception {
        byte[] noise = new byte[512 * 1024];
        new Random(5).nextBytes(noise);
        try (Transport t = open("a")) {
            t.publish(ProjectId.of("big"), SnapshotToken.ABSENT, new Changeset(Map.of(
                    "roster.json", Content.of(bytes("{}\n")), "memory/noise.bin", Content.of(noise)), Set.of(), "create"));
        }
        Path big = largest(packs(cluster));
        Object inode = Files.readAttributes(big, BasicFileAttributes.class).fileKey();
        Set<Path> seen = new HashSet<>(packs(cluster));
        StringBuilder log = new StringBuilder();
        try (Transport t = open("a")) {
            SnapshotToken token = t.read(P).token();
            for (int i = 0; i < 60; i++) {
                token = t.publish(P, token, new Changeset(Map.of("context/s.jsonl",
                        Content.of(bytes(log.append("{\"n\":").append(i).append("}\n").toString()))), Set.of(), "append"));
                for (Path pack : packs(cluster)) {
                    if (seen.add(pack)) {
                        assertTrue(Files.size(pack) < Files.size(big) / 2, "publish " + i + " wrote a pack of "
                                + Files.size(pack) + " bytes beside the " + Files.size(big) + " of the whole history");
                    }
                }
                assertEquals(inode, Files.readAttributes(big, BasicFileAttributes.class).fileKey(), "the big pack was rewritten");
            }
        }
        assertTrue(PackFiles.packBytes(cluster) < 2 * Files.size(big), "the cluster takes " + PackFiles.packBytes(cluster) + " bytes");
    }

    /** Publishes 25 appends to {@code project} from {@code machine}, a transport per sync; returns the last content. */
    private String publishMany(String machine, ProjectId project, Random random) throws Exception {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            content.append("{\"n\":").append(i).append(",\"r\":").append(random.nextLong()).append("}\n");
            try (Transport t = open(machine)) {
                Snapshot s = t.read(project);
                t.publish(project, s.token(), new Changeset(Map.of("context/s.jsonl", Content.of(bytes(content.toString()))),
                        Set.of(), "append"));
            }
            Thread.sleep(random.nextInt(3));
        }
        return content.toString();
    }

    /** One sync as the CLI makes it: a transport opened, the project read, the file published, the transport closed. */
    private void sync(String machine, ProjectId project, CharSequence content) throws Exception {
        try (Transport t = open(machine)) {
            Snapshot s = t.read(project);
            t.publish(project, s.token(), new Changeset(Map.of("context/s-" + machine + ".jsonl",
                    Content.of(bytes(content.toString()))), Set.of(), "sync"));
        }
    }

    private Path clone(String machine, ProjectId project) {
        return tempDir.resolve(machine).resolve(project.value());
    }

    private static Path largest(List<Path> files) throws Exception {
        Path largest = files.get(0);
        for (Path f : files) {
            if (Files.size(f) > Files.size(largest)) {
                largest = f;
            }
        }
        return largest;
    }

    private static byte[] read(Transport t, Snapshot s, String path) throws Exception {
        try (InputStream in = t.open(s, s.entries().get(path))) {
            return in.readAllBytes();
        }
    }

    private Transport open(String machine) throws Exception {
        return new GitTransportProvider().open(ClusterUri.parse(cluster.toString()),
                new TransportContext(tempDir.resolve(machine), tempDir.resolve("home-" + machine), Map.of(), Map.of()));
    }
}
