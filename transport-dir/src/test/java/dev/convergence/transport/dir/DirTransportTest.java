package dev.convergence.transport.dir;

import static dev.convergence.transport.dir.Publishing.publishRetrying;
import static dev.convergence.transport.dir.Publishing.put;
import static dev.convergence.transport.dir.Publishing.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The directory transport on {@code file:}, the file system where it is safe across processes. */
class DirTransportTest {

    private static final ProjectId PROJECT = ProjectId.of("proj");

    @TempDir
    Path temp;
    private Path cluster;
    private Transport transport;

    @BeforeEach
    void openCluster() throws Exception {
        cluster = temp.resolve("cluster");
        transport = open(cluster, Map.of());
        transport.ensureCluster(true);
    }

    @AfterEach
    void closeCluster() {
        transport.close();
    }

    static Transport open(Path folder, Map<String, String> options) throws UnsupportedClusterException {
        return new DirTransportProvider().open(ClusterUri.directory(folder.toString()),
                new TransportContext(folder, folder, Map.of(), options));
    }

    @Test
    void anEmptyClusterListsNoProjects() {
        assertEquals(List.of(), transport.listProjects());
        assertTrue(Files.isRegularFile(cluster.resolve(ClusterMarker.NAME)));
    }

    @Test
    void listsEveryPublishedProjectSortedAndNothingElse() throws IOException {
        transport.publish(ProjectId.of("b"), SnapshotToken.ABSENT, put("roster.json", "{}"));
        transport.publish(ProjectId.of("a"), SnapshotToken.ABSENT, put("roster.json", "{}"));
        Files.createDirectories(cluster.resolve("not-a-project"));
        assertEquals(List.of(ProjectId.of("a"), ProjectId.of("b")), transport.listProjects());
    }

    @Test
    void ensureClusterRefusesAFolderThatIsNotACluster() throws Exception {
        Path other = Files.createDirectories(temp.resolve("photos"));
        Files.writeString(other.resolve("cat.jpg"), "meow");
        try (Transport t = open(other, Map.of())) {
            var e = assertThrows(TransportException.class, () -> t.ensureCluster(true));
            assertTrue(e.getMessage().contains("is not a Convergence cluster"), e.getMessage());
        }
        assertEquals(List.of(other.resolve("cat.jpg")), list(other));
    }

    @Test
    void ensureClusterWithoutCreateRefusesAMissingFolder() throws Exception {
        try (Transport t = open(temp.resolve("missing"), Map.of())) {
            assertThrows(TransportException.class, () -> t.ensureCluster(false));
        }
        assertFalse(Files.exists(temp.resolve("missing")));
    }

    @Test
    void aMissingProjectReadsAsAbsent() {
        Snapshot snapshot = transport.read(ProjectId.of("nobody"));
        assertTrue(snapshot.isAbsent());
        assertEquals(Map.of(), snapshot.entries());
    }

    @Test
    void publishCreatesTheProjectAndReadReturnsWhatWasPublished() {
        SnapshotToken token = transport.publish(PROJECT, SnapshotToken.ABSENT, put("context/a.jsonl", "{\"a\":1}\n"));
        Snapshot snapshot = transport.read(PROJECT);
        assertEquals(token, snapshot.token());
        assertEquals(Set.of("context/a.jsonl"), snapshot.entries().keySet());
        assertEquals(8, snapshot.entries().get("context/a.jsonl").size());
        assertEquals("{\"a\":1}\n", text(transport, snapshot, "context/a.jsonl"));
    }

    @Test
    void publishWithTheCurrentTokenKeepsOtherFilesAndAppliesDeletes() {
        SnapshotToken first = transport.publish(PROJECT, SnapshotToken.ABSENT,
                new Changeset(Map.of("a", bytes("1"), "b", bytes("2")), Set.of(), "two"));
        SnapshotToken second = transport.publish(PROJECT, first, new Changeset(Map.of("c", bytes("3")), Set.of("a"), "swap"));
        assertNotEquals(first, second);
        Snapshot snapshot = transport.read(PROJECT);
        assertEquals(second, snapshot.token());
        assertEquals(Set.of("b", "c"), snapshot.entries().keySet());
        assertEquals("2", text(transport, snapshot, "b"));
    }

    @Test
    void aStaleTokenIsRefusedAndNothingChanges() {
        SnapshotToken first = transport.publish(PROJECT, SnapshotToken.ABSENT, put("a", "1"));
        SnapshotToken second = transport.publish(PROJECT, first, put("a", "2"));
        assertThrows(StaleSnapshotException.class, () -> transport.publish(PROJECT, first, put("a", "3")));
        assertThrows(StaleSnapshotException.class, () -> transport.publish(PROJECT, SnapshotToken.ABSENT, put("a", "4")));
        assertThrows(StaleSnapshotException.class, () -> transport.publish(PROJECT, new SnapshotToken("2-0000"), put("a", "5")));
        Snapshot snapshot = transport.read(PROJECT);
        assertEquals(second, snapshot.token());
        assertEquals("2", text(transport, snapshot, "a"));
    }

    @Test
    void aTokenFromADeletedAndRecreatedProjectIsStale() throws IOException {
        SnapshotToken old = transport.publish(PROJECT, SnapshotToken.ABSENT, put("a", "1"));
        deleteTree(cluster.resolve(PROJECT.value()));
        transport.publish(PROJECT, SnapshotToken.ABSENT, put("a", "again"));
        assertThrows(StaleSnapshotException.class, () -> transport.publish(PROJECT, old, put("a", "lost?")));
    }

    @Test
    void unchangedFilesAreNotCopiedAgain() throws IOException {
        SnapshotToken first = transport.publish(PROJECT, SnapshotToken.ABSENT,
                new Changeset(Map.of("big", bytes("x".repeat(10_000)), "small", bytes("s")), Set.of(), "two"));
        Path bigBlob = blob(transport.read(PROJECT).entries().get("big").contentId());
        FileTime before = FileTime.from(Instant.parse("2001-01-01T00:00:00Z"));
        Files.setLastModifiedTime(bigBlob, before);
        transport.publish(PROJECT, first, new Changeset(Map.of("big", bytes("x".repeat(10_000)), "small", bytes("t")), Set.of(), "same big"));
        assertEquals(before, Files.getLastModifiedTime(bigBlob));
        try (Stream<Path> blobs = Files.walk(cluster.resolve("proj/objects"))) {
            assertEquals(3, blobs.filter(Files::isRegularFile).count());
        }
    }

    @Test
    void namesWithSpacesAndNonAsciiRoundTrip() throws Exception {
        Path odd = temp.resolve("my clüster ✓");
        try (Transport t = open(odd, Map.of())) {
            t.ensureCluster(true);
            String path = "context/mémoire et notes/日本語 file.md";
            t.publish(PROJECT, SnapshotToken.ABSENT, put(path, "héllo ✓"));
            Snapshot snapshot = t.read(PROJECT);
            assertEquals(Set.of(path), snapshot.entries().keySet());
            assertEquals("héllo ✓", text(t, snapshot, path));
            assertEquals(List.of(PROJECT), t.listProjects());
        }
    }

    @Test
    void closingTwiceIsAllowed() throws Exception {
        Transport t = open(cluster, Map.of());
        t.close();
        t.close();
    }

    @Test
    void aPublishWaitsForTheLockThenTakesOverOneLeftByACrashedWriter() throws Exception {
        SnapshotToken first = transport.publish(PROJECT, SnapshotToken.ABSENT, put("a", "1"));
        Path lock = cluster.resolve("proj/LOCK");
        Files.writeString(lock, "crashed 4242 2001-01-01T00:00:00Z\n");
        Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(3600)));
        transport.publish(PROJECT, first, put("a", "2"));
        assertFalse(Files.exists(lock));
        assertEquals("2", text(transport, transport.read(PROJECT), "a"));
    }

    @Test
    void aFreshLockHeldByAnotherWriterTimesOutWithLockHeld() throws Exception {
        try (Transport impatient = open(cluster, Map.of("dir.lock-timeout-seconds", "0"))) {
            SnapshotToken first = impatient.publish(PROJECT, SnapshotToken.ABSENT, put("a", "1"));
            Files.writeString(cluster.resolve("proj/LOCK"), "alive 1 now\n");
            var e = assertThrows(dev.convergence.api.LockHeldException.class, () -> impatient.publish(PROJECT, first, put("a", "2")));
            assertTrue(e.getMessage().contains("locked by another writer"), e.getMessage());
            assertEquals(first, impatient.read(PROJECT).token());
        }
    }

    static Content bytes(String text) {
        return Content.of(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path blob(String sha) {
        return cluster.resolve("proj/objects").resolve(sha.substring(0, 2)).resolve(sha);
    }

    static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.sorted().toList();
        }
    }

    static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
