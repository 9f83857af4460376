package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.GC;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine's clone of a project in a cluster on the same machine: made by linking the cluster's
 * packs when they hold nothing but that project's history, by copying objects otherwise, and in
 * both cases read while the objects are still on their way.
 */
class LocalCloneTest {

    @TempDir
    Path tempDir;

    @Test
    void aFreshCloneLinksPacksThatHoldOnlyTheProjectsHistory() throws Exception {
        Path cluster = tempDir.resolve("cluster.git");
        ObjectId other = publishTwoProjects(cluster);

        try (Transport b = open(cluster, "b")) {
            Snapshot s = b.read(ProjectId.of("p"));
            assertArrayEquals(bytes("one\n"), read(b, s, "context/s1.jsonl"));
            assertArrayEquals(bytes("two\n"), read(b, s, "context/s2.jsonl"));
            b.publish(ProjectId.of("p"), s.token(), new Changeset(Map.of("context/s3.jsonl", Content.of(bytes("three\n"))), Set.of(), "more"));
        }
        Path clone = tempDir.resolve("b/p");
        try (FileRepository repo = new FileRepository(clone.toFile())) {
            assertFalse(repo.getObjectDatabase().has(other), "another project's object came along");
        }
        try (Stream<Path> packs = Files.list(clone.resolve("objects/pack"))) {
            assertTrue(packs.filter(f -> f.toString().endsWith(".pack")).anyMatch(LocalCloneTest::linked),
                    "no pack of the cluster was linked into the clone");
        }
    }

    @Test
    void looseObjectsOfTheHistoryAreCopiedBesideTheLinkedPacks() throws Exception {
        Path cluster = tempDir.resolve("cluster.git");
        publishTwoProjects(cluster);
        ObjectId loose;
        // A small push through git receive-pack leaves its objects loose; so does this commit.
        try (FileRepository repo = new FileRepository(cluster.toFile());
             org.eclipse.jgit.lib.ObjectInserter inserter = repo.newObjectInserter();
             org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(repo)) {
            org.eclipse.jgit.revwalk.RevCommit tip = walk.parseCommit(repo.resolve("refs/heads/project/p"));
            org.eclipse.jgit.lib.CommitBuilder c = new org.eclipse.jgit.lib.CommitBuilder();
            c.setTreeId(tip.getTree());
            c.setParentId(tip);
            c.setAuthor(new org.eclipse.jgit.lib.PersonIdent("git", "git@localhost"));
            c.setCommitter(c.getAuthor());
            c.setMessage("pushed by git\n");
            loose = inserter.insert(c);
            inserter.flush();
            org.eclipse.jgit.lib.RefUpdate u = repo.updateRef("refs/heads/project/p");
            u.setNewObjectId(loose);
            u.setExpectedOldObjectId(tip);
            assertEquals(org.eclipse.jgit.lib.RefUpdate.Result.FAST_FORWARD, u.update());
        }
        assertTrue(Files.exists(cluster.resolve("objects").resolve(loose.name().substring(0, 2)).resolve(loose.name().substring(2))));

        try (Transport b = open(cluster, "b")) {
            Snapshot s = b.read(ProjectId.of("p"));
            assertEquals(loose.name(), s.token().value());
            b.publish(ProjectId.of("p"), s.token(), new Changeset(Map.of("context/s3.jsonl", Content.of(bytes("three\n"))), Set.of(), "more"));
        }
        Path clone = tempDir.resolve("b/p");
        try (FileRepository repo = new FileRepository(clone.toFile())) {
            assertTrue(repo.getObjectDatabase().has(loose));
        }
        try (Stream<Path> packs = Files.list(clone.resolve("objects/pack"))) {
            assertTrue(packs.filter(f -> f.toString().endsWith(".pack")).anyMatch(LocalCloneTest::linked));
        }
    }

    @Test
    void packsSharedWithAnotherProjectAreCopiedObjectByObject() throws Exception {
        Path cluster = tempDir.resolve("cluster.git");
        ObjectId other = publishTwoProjects(cluster);
        try (FileRepository repo = new FileRepository(cluster.toFile())) {
            GC gc = new GC(repo);
            gc.setPackExpireAgeMillis(0);   // the old per-publish packs go at once: one pack for both projects
            gc.setExpireAgeMillis(0);
            gc.gc();
        }

        try (Transport b = open(cluster, "b")) {
            Snapshot s = b.read(ProjectId.of("p"));
            assertEquals(Set.of("roster.json", "context/s1.jsonl", "context/s2.jsonl"), s.entries().keySet());
            assertArrayEquals(bytes("two\n"), read(b, s, "context/s2.jsonl"));
        }
        Path clone = tempDir.resolve("b/p");
        try (FileRepository repo = new FileRepository(clone.toFile())) {
            assertFalse(repo.getObjectDatabase().has(other), "another project's object came along");
            assertTrue(repo.exactRef("refs/heads/project/p") != null, "the clone's branch was not moved");
        }
        try (Stream<Path> packs = Files.list(clone.resolve("objects/pack"))) {
            assertFalse(packs.filter(f -> f.toString().endsWith(".pack")).anyMatch(LocalCloneTest::linked));
        }
        // The clone is complete: a second machine-local read needs nothing from the cluster's packs.
        try (Transport b = open(cluster, "b")) {
            Snapshot s = b.read(ProjectId.of("p"));
            assertArrayEquals(bytes("one\n"), read(b, s, "context/s1.jsonl"));
        }
    }

    @Test
    void aLockFileLeftByAKilledProcessDoesNotWedgeTheClone() throws Exception {
        Path cluster = tempDir.resolve("cluster.git");
        publishTwoProjects(cluster);
        try (Transport b = open(cluster, "b")) {
            b.read(ProjectId.of("p"));
        }
        SnapshotToken now;
        try (Transport a = open(cluster, "a")) {
            Snapshot s = a.read(ProjectId.of("p"));
            now = a.publish(ProjectId.of("p"), s.token(), new Changeset(Map.of("context/s4.jsonl", Content.of(bytes("four\n"))), Set.of(), "more"));
        }
        // A process killed while it moved the clone's branch leaves the lock file behind.
        Path lock = tempDir.resolve("b/p/refs/heads/project/p.lock");
        Files.createDirectories(lock.getParent());
        Files.writeString(lock, "0000000000000000000000000000000000000000\n");
        try (Transport b = open(cluster, "b")) {
            Snapshot s = b.read(ProjectId.of("p"));
            assertEquals(now, s.token());
            assertArrayEquals(bytes("four\n"), read(b, s, "context/s4.jsonl"));
            b.publish(ProjectId.of("p"), s.token(), new Changeset(Map.of("context/s5.jsonl", Content.of(bytes("five\n"))), Set.of(), "more"));
        }
        assertFalse(Files.exists(lock));
    }

    @Test
    void tempPacksAKilledCopyLeftAreRemovedOnceTheyAreOld() throws Exception {
        Path cluster = tempDir.resolve("cluster.git");
        publishTwoProjects(cluster);
        try (Transport b = open(cluster, "b")) {
            b.read(ProjectId.of("p"));
        }
        Path packs = tempDir.resolve("b/p/objects/pack");
        Path old = Files.writeString(packs.resolve("incoming_1.pack"), "half a pack");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofHours(2))));
        Path fresh = Files.writeString(packs.resolve("incoming_2.pack"), "a pack being written");
        try (Transport b = open(cluster, "b")) {
            assertEquals(Set.of("roster.json", "context/s1.jsonl", "context/s2.jsonl"), b.read(ProjectId.of("p")).entries().keySet());
        }
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(fresh));
    }

    @Test
    void aPackThatVanishedAfterItWasListedLeavesNothingHalfLinked() throws Exception {
        Path cluster = tempDir.resolve("cluster.git");
        publishTwoProjects(cluster);
        List<Path> listed = PackFiles.packs(cluster);
        // A consolidation of the cluster removes one of them between the listing and the linking.
        Files.move(listed.get(1), tempDir.resolve("gone.pack"));
        Path packDir = Files.createDirectories(tempDir.resolve("b/p/objects/pack"));

        assertFalse(PackCopy.link(listed, packDir));

        try (Stream<Path> left = Files.list(packDir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aJoinAfterTheClusterRolledUpItsPacksWritesNoLooseObjects() throws Exception {
        Path cluster = tempDir.resolve("cluster.git");
        Map<String, byte[]> files = new java.util.TreeMap<>();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 60; i++) {
            byte[] noise = new byte[1024];
            random.nextBytes(noise);
            files.put("memory/f" + i + ".bin", noise);
        }
        try (Transport a = open(cluster, "a")) {
            a.ensureCluster(true);
            Map<String, Content> first = new java.util.HashMap<>();
            files.forEach((k, v) -> first.put(k, Content.of(v)));
            SnapshotToken p = a.publish(ProjectId.of("p"), SnapshotToken.ABSENT, new Changeset(first, Set.of(), "create"));
            SnapshotToken q = a.publish(ProjectId.of("q"), SnapshotToken.ABSENT, new Changeset(Map.of(
                    "context/q.jsonl", Content.of(bytes("q\n"))), Set.of(), "create"));
            // Small publishes of both projects: their packs are rolled up together.
            for (int i = 0; i < 20; i++) {
                String line = "{\"n\":" + i + "}\n";
                if (i % 2 == 0) {
                    p = a.publish(ProjectId.of("p"), p, new Changeset(Map.of("context/s.jsonl", Content.of(bytes(line))), Set.of(), "more"));
                } else {
                    q = a.publish(ProjectId.of("q"), q, new Changeset(Map.of("context/q.jsonl", Content.of(bytes(line))), Set.of(), "more"));
                }
            }
        }
        assertTrue(PackFiles.packs(cluster).size() <= PackConsolidation.MAX_PACKS);

        try (Transport b = open(cluster, "b")) {
            Snapshot s = b.read(ProjectId.of("p"));
            assertArrayEquals(files.get("memory/f7.bin"), read(b, s, "memory/f7.bin"));
            assertArrayEquals(bytes("{\"n\":18}\n"), read(b, s, "context/s.jsonl"));
        }
        Path clone = tempDir.resolve("b/p");
        try (Stream<Path> all = Files.walk(clone.resolve("objects"))) {
            assertEquals(0, all.filter(f -> f.getParent().getFileName().toString().matches("[0-9a-f]{2}")).count(),
                    "loose objects in the clone");
        }
        PackFiles.assertEverythingReadable(clone);
    }

    /** Publishes project p (two commits) and project q; returns the id of q's only file. */
    private ObjectId publishTwoProjects(Path cluster) throws Exception {
        try (Transport a = open(cluster, "a")) {
            a.ensureCluster(true);
            SnapshotToken t = a.publish(ProjectId.of("p"), SnapshotToken.ABSENT, new Changeset(Map.of(
                    "roster.json", Content.of(bytes("{}\n")),
                    "context/s1.jsonl", Content.of(bytes("one\n"))), Set.of(), "create"));
            a.publish(ProjectId.of("p"), t, new Changeset(Map.of("context/s2.jsonl", Content.of(bytes("two\n"))), Set.of(), "add"));
            a.publish(ProjectId.of("q"), SnapshotToken.ABSENT, new Changeset(Map.of(
                    "context/secret.jsonl", Content.of(bytes("q only\n"))), Set.of(), "create"));
            Snapshot q = a.read(ProjectId.of("q"));
            return ObjectId.fromString(q.entries().get("context/secret.jsonl").contentId());
        }
    }

    private static boolean linked(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink")).intValue() > 1;
        } catch (Exception e) {
            return false;
        }
    }

    private static byte[] read(Transport t, Snapshot s, String path) throws Exception {
        try (InputStream in = t.open(s, s.entries().get(path))) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Transport open(Path cluster, String machine) throws Exception {
        return new GitTransportProvider().open(ClusterUri.parse(cluster.toString()),
                new TransportContext(tempDir.resolve(machine), tempDir.resolve("home-" + machine), Map.of(), Map.of()));
    }
}
