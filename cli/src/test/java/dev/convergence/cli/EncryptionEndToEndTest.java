package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.core.ProviderRegistry;
import dev.convergence.transport.s3.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end encryption through whole machines on every transport: the host holds no 16-byte
 * window of any transcript and no session id in any name, machines with the key converge, and
 * tampering, missing keys and wrong passphrases are refused with one line and nothing written.
 */
class EncryptionEndToEndTest {

    private static final String S1 = "aaaaaaaa-0000-4000-8000-000000000001";
    private static final String S2 = "bbbbbbbb-0000-4000-8000-000000000002";

    @TempDir
    Path tmp;

    /** Where the cluster lives and how to read what its host holds. */
    private interface Cluster {
        String[] flags();

        void configure(Machine m);

        /** Every byte the host stores (objects, files, blobs), concatenated. */
        byte[] storedBytes() throws Exception;

        /** Every name the host stores (paths, tree entries, object keys). */
        List<String> storedNames() throws Exception;

        /** The raw store, as the host (or an attacker with write access) sees it. */
        Transport raw(Machine m) throws Exception;
    }

    @Test
    void gitClusterHoldsOnlyCiphertextAndMachinesWithTheKeyConverge() throws Exception {
        scenario(gitCluster());
    }

    @Test
    void directoryClusterHoldsOnlyCiphertextAndMachinesWithTheKeyConverge() throws Exception {
        scenario(dirCluster());
    }

    @Test
    void s3ClusterHoldsOnlyCiphertextAndMachinesWithTheKeyConverge() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            scenario(s3Cluster(s3));
        }
    }

    private void scenario(Cluster cluster) throws Exception {
        Machine a = machine("a", "alice", "linux", "src/proj", cluster);
        Machine b = machine("b", "bob", "darwin", "work/proj", cluster);
        a.appendSession(S1, 40);
        a.ok(concat(new String[] {"init", a.root.toString(), "--encrypt"}, cluster.flags()));
        giveAccess(a, b);
        b.appendSession(S2, 10);
        b.ok(concat(new String[] {"join", b.root.toString()}, cluster.flags()));
        a.appendSession(S1, 5);
        a.ok("sync");
        b.ok("sync");
        a.ok("sync");
        assertConverged(List.of(a, b), List.of(S1, S2));
        assertTrue(a.ok("sync").out().contains("up to date"));
        assertTrue(a.ok("encrypt", "status").out().contains("encryption: on"));
        assertTrue(a.ok("status").out().contains("encryption: on"), a.ok("status").out());

        assertNoPlaintext(cluster, List.of(a, b));
    }

    @Test
    void anAppendedTranscriptUploadsOnlyTheAppendedBytes() throws Exception {
        Cluster cluster = dirCluster();
        Machine a = machine("a", "alice", "linux", "src/proj", cluster);
        a.appendSession(S1, 400);
        a.ok(concat(new String[] {"init", a.root.toString(), "--encrypt"}, cluster.flags()));
        long before = storedSize(tmp.resolve("shared-drive"));
        a.appendSession(S1, 2);
        a.ok("sync");
        long grown = storedSize(tmp.resolve("shared-drive")) - before;
        long transcript = Files.size(a.contextDir().resolve(S1 + ".jsonl"));
        assertTrue(grown < transcript / 4, "an append of 2 lines stored " + grown + " bytes for a " + transcript + "-byte transcript");
        Machine b = machine("b", "bob", "linux", "work/proj", cluster);
        giveAccess(a, b);
        b.ok(concat(new String[] {"join", b.root.toString()}, cluster.flags()));
        assertConverged(List.of(a, b), List.of(S1));
    }

    @Test
    void aFlippedByteIsRefusedAndNothingIsWritten() throws Exception {
        tamper((raw, snap) -> {
            SnapshotEntry seg = largestSegment(snap);
            byte[] bytes = read(raw, snap, seg);
            bytes[bytes.length / 2] ^= 1;
            return Map.of(seg.path(), bytes);
        });
    }

    @Test
    void aTruncatedObjectIsRefusedAndNothingIsWritten() throws Exception {
        tamper((raw, snap) -> {
            SnapshotEntry seg = largestSegment(snap);
            byte[] bytes = read(raw, snap, seg);
            return Map.of(seg.path(), java.util.Arrays.copyOf(bytes, bytes.length - 20));
        });
    }

    @Test
    void aSwappedFileIsRefusedAndNothingIsWritten() throws Exception {
        tamper((raw, snap) -> {
            List<SnapshotEntry> segs = segments(snap);
            return Map.of(segs.get(0).path(), read(raw, snap, segs.get(1)), segs.get(1).path(), read(raw, snap, segs.get(0)));
        });
    }

    @Test
    void aReplayedOlderGenerationIsRefused() throws Exception {
        Cluster cluster = gitCluster();
        Machine a = machine("a", "alice", "linux", "src/proj", cluster);
        a.appendSession(S1, 3);
        a.ok(concat(new String[] {"init", a.root.toString(), "--encrypt"}, cluster.flags()));
        byte[] oldIndex;
        try (Transport raw = cluster.raw(a)) {
            Snapshot s = raw.read(ProjectId.of("proj"));
            oldIndex = read(raw, s, s.entries().get("e/index"));
        }
        a.appendSession(S1, 3);
        a.ok("sync");
        Path file = a.contextDir().resolve(S1 + ".jsonl");
        byte[] local = Files.readAllBytes(file);
        try (Transport raw = cluster.raw(a)) {
            Snapshot s = raw.read(ProjectId.of("proj"));
            raw.publish(s.project(), s.token(), new Changeset(Map.of("e/index", Content.of(oldIndex)), Set.of(), "replay"));
        }
        Machine.Result r = a.run("sync");
        assertEquals(ExitCodes.GUARD_REFUSED, r.code(), r.toString());
        assertTrue(r.err().contains("older than generation"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(java.util.Arrays.equals(local, Files.readAllBytes(file)), "the local transcript is untouched");
    }

    @Test
    void aMachineWithoutTheKeyGetsOneLineAndWritesNothing() throws Exception {
        Cluster cluster = gitCluster();
        Machine a = machine("a", "alice", "linux", "src/proj", cluster);
        a.appendSession(S1, 3);
        a.ok(concat(new String[] {"init", a.root.toString(), "--encrypt"}, cluster.flags()));
        Machine c = machine("c", "carol", "linux", "dev/proj", cluster);
        Machine.Result r = c.run(concat(new String[] {"join", c.root.toString()}, cluster.flags()));
        assertRefusedForKey(c, r, "holds no key");
    }

    @Test
    void aWrongPassphraseGetsOneLineAndWritesNothing() throws Exception {
        Cluster cluster = gitCluster();
        Machine a = machine("a", "alice", "linux", "src/proj", cluster);
        a.appendSession(S1, 3);
        a.runWithInput("correct horse battery staple\n", concat(new String[] {"init", a.root.toString(), "--encrypt", "--passphrase-stdin"}, cluster.flags()));
        Machine c = machine("c", "carol", "linux", "dev/proj", cluster);
        Machine.Result wrong = c.runWithInput("wrong\n", concat(new String[] {"join", c.root.toString(), "--passphrase-stdin"}, cluster.flags()));
        assertRefusedForKey(c, wrong, "wrong passphrase");
        Machine.Result right = c.runWithInput("correct horse battery staple\n",
                concat(new String[] {"join", c.root.toString(), "--passphrase-stdin"}, cluster.flags()));
        assertEquals(0, right.code(), right.toString());
        assertConverged(List.of(a, c), List.of(S1));
        assertEquals(0, c.run("sync").code(), "after joining, its own machine key opens the project without the passphrase");
    }

    @Test
    void aKeyExportedForAnotherMachineDoesNotOpenTheProject() throws Exception {
        Cluster cluster = gitCluster();
        Machine a = machine("a", "alice", "linux", "src/proj", cluster);
        a.appendSession(S1, 3);
        a.ok(concat(new String[] {"init", a.root.toString(), "--encrypt"}, cluster.flags()));
        Machine b = machine("b", "bob", "linux", "work/proj", cluster);
        Machine c = machine("c", "carol", "linux", "dev/proj", cluster);
        String forB = a.ok("key", "export", "--to", b.ok("key", "show").out().strip()).out().strip();
        Machine.Result r = c.run("key", "import", forB);
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.toString());
        assertRefusedForKey(c, c.run(concat(new String[] {"join", c.root.toString()}, cluster.flags())), "holds no key");
    }

    @Test
    void aRevokedMachineCannotReadWhatIsPublishedAfterItsRemoval() throws Exception {
        Cluster cluster = gitCluster();
        Machine a = machine("a", "alice", "linux", "src/proj", cluster);
        Machine b = machine("b", "bob", "linux", "work/proj", cluster);
        a.appendSession(S1, 3);
        a.ok(concat(new String[] {"init", a.root.toString(), "--encrypt"}, cluster.flags()));
        giveAccess(a, b);
        b.ok(concat(new String[] {"join", b.root.toString()}, cluster.flags()));
        String rotated = a.ok("encrypt", "rotate").out();
        assertTrue(rotated.contains("k2"), rotated);
        b.ok("sync");
        a.ok("encrypt", "revoke", "b");
        a.appendSession(S2, 3);
        a.ok("sync");
        Machine.Result r = b.run("sync");
        assertEquals(ExitCodes.KEY_REQUIRED, r.code(), r.toString());
        assertFalse(Files.exists(b.contextDir().resolve(S2 + ".jsonl")));
        String status = a.ok("encrypt", "status").out();
        assertFalse(java.util.regex.Pattern.compile("held by .*\\bb\\b").matcher(status).find(), "no key is wrapped for the revoked machine any more: " + status);
    }

    @Test
    void encryptEnableOnADirectoryClusterLeavesNoCleartextInTheStore() throws Exception {
        enable(dirCluster());
    }

    @Test
    void encryptEnableOnAGitClusterStartsTheBranchAgainSoGarbageCollectionDropsTheCleartext() throws Exception {
        Path bare = tmp.resolve("cluster.git");
        Machine a = enable(gitCluster(), () -> {
            assertEquals("1", new String(git(bare, "rev-list", "--count", "project/proj"), StandardCharsets.UTF_8).strip(),
                    "the branch is one root commit");
            git(bare, "reflog", "expire", "--expire=now", "--all");
            git(bare, "gc", "--prune=now", "--quiet");
        });
        assertTrue(a.ok("encrypt", "status").out().contains("encryption: on"));
    }

    private interface HostStep {
        void run() throws Exception;
    }

    private Machine enable(Cluster cluster) throws Exception {
        return enable(cluster, () -> { });
    }

    /**
     * A cleartext project with two snapshots and a second machine, turned into ciphertext; then
     * the host does {@code afterEnable} (e.g. collects garbage), both machines keep syncing, and the
     * store holds no plaintext at all.
     */
    private Machine enable(Cluster cluster, HostStep afterEnable) throws Exception {
        Machine a = machine("a", "alice", "linux", "src/proj", cluster);
        Machine b = machine("b", "bob", "linux", "work/proj", cluster);
        a.appendSession(S1, 20);
        a.ok(concat(new String[] {"init", a.root.toString()}, cluster.flags()));
        b.ok(concat(new String[] {"join", b.root.toString()}, cluster.flags()));
        a.appendSession(S2, 5);
        a.ok("sync");
        assertTrue(a.ok("encrypt", "status").out().contains("encryption: off"));

        String enabled = a.ok("encrypt", "enable").out();

        assertTrue(enabled.contains("history now starts at the encrypted snapshot"), enabled);
        afterEnable.run();
        a.appendSession(S1, 2);
        a.ok("sync");
        giveAccess(a, b);
        b.ok("sync");
        assertConverged(List.of(a, b), List.of(S1, S2));
        assertNoPlaintext(cluster, List.of(a, b));
        return a;
    }

    /**
     * The tampered object belongs to the file that sorts last, so every other new file has been
     * decrypted and verified before it; there are enough bytes for the pull's two-thread path.
     */
    @Test
    void aPullWithOneTamperedObjectAmongSeveralNewFilesWritesNoLocalFile() throws Exception {
        Joined j = encryptedProjectBJoined();
        j.a().appendSession(S1, 5);
        for (String id : List.of("cccccccc", "dddddddd", "eeeeeeee")) {
            j.a().appendSession(id + "-0000-4000-8000-000000000003", 2500);
        }
        j.a().appendSession("ffffffff-0000-4000-8000-000000000004", 3000);
        j.a().ok("sync");
        tamperTheNewestSegmentAndExpectNothingWritten(j, bytes -> bytes.length - 1, 0);
    }

    /**
     * A transcript of 16 MiB or more is decrypted on the pull's read-ahead thread: a tampered
     * segment of it must still fail the whole pull before anything is written.
     */
    @Test
    void aTamperedLargeTranscriptReadAheadWritesNoLocalFile() throws Exception {
        Joined j = encryptedProjectBJoined();
        String big = "abababab-0000-4000-8000-000000000005";
        Path onA = j.a().contextDir().resolve(big + ".jsonl");
        while (!Files.exists(onA) || Files.size(onA) < 24L << 20) {   // over 16 MiB in canonical form too
            j.a().appendSession(big, 5000);
        }
        j.a().ok("sync");
        tamperTheNewestSegmentAndExpectNothingWritten(j, bytes -> bytes.length / 2, 16L << 20);
    }

    /** A and B share an encrypted project in a directory cluster; {@code before} is what the cluster held when B joined. */
    private record Joined(Cluster cluster, Machine a, Machine b, Set<String> before) {
    }

    private Joined encryptedProjectBJoined() throws Exception {
        Cluster cluster = dirCluster();
        Machine a = machine("a", "alice", "linux", "src/proj", cluster);
        Machine b = machine("b", "bob", "linux", "work/proj", cluster);
        a.appendSession(S1, 20);
        a.ok(concat(new String[] {"init", a.root.toString(), "--encrypt"}, cluster.flags()));
        giveAccess(a, b);
        b.ok(concat(new String[] {"join", b.root.toString()}, cluster.flags()));
        try (Transport raw = cluster.raw(a)) {
            return new Joined(cluster, a, b, raw.read(ProjectId.of("proj")).entries().keySet());
        }
    }

    /**
     * Flips one bit (at the offset {@code at} picks) of the largest segment added since B joined,
     * which must be at least {@code minSize} bytes; B's sync must then refuse with one line and
     * leave its context dir and project state byte for byte as they were.
     */
    private void tamperTheNewestSegmentAndExpectNothingWritten(Joined j, java.util.function.ToIntFunction<byte[]> at, long minSize)
            throws Exception {
        try (Transport raw = j.cluster().raw(j.a())) {
            Snapshot s = raw.read(ProjectId.of("proj"));
            SnapshotEntry newest = segments(s).stream().filter(e -> !j.before().contains(e.path())).findFirst().orElseThrow();
            assertTrue(newest.size() >= minSize, "the segment is large enough: " + newest.size());
            byte[] bytes = read(raw, s, newest);
            bytes[at.applyAsInt(bytes)] ^= 1;
            raw.publish(s.project(), s.token(), new Changeset(Map.of(newest.path(), Content.of(bytes)), Set.of(), "tamper"));
        }
        Map<String, byte[]> local = CrashSafetyTest.files(j.b().contextDir());
        Map<String, byte[]> state = CrashSafetyTest.files(j.b().env().convergenceHome().resolve("projects"));

        Machine.Result r = j.b().run("sync");

        assertEquals(ExitCodes.GUARD_REFUSED, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("nothing was written"), r.err());
        assertSameTree(local, CrashSafetyTest.files(j.b().contextDir()), "B's context dir");
        assertSameTree(state, CrashSafetyTest.files(j.b().env().convergenceHome().resolve("projects")), "B's project state");
    }

    private static void assertSameTree(Map<String, byte[]> expected, Map<String, byte[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": the same files");
        expected.forEach((path, bytes) -> assertTrue(java.util.Arrays.equals(bytes, actual.get(path)), what + ": " + path + " is unchanged"));
    }

    // --- tampering ---

    private interface Attack {
        Map<String, byte[]> replace(Transport raw, Snapshot snapshot) throws IOException;
    }

    private void tamper(Attack attack) throws Exception {
        Cluster cluster = dirCluster();
        Machine a = machine("a", "alice", "linux", "src/proj", cluster);
        a.appendSession(S1, 30);
        a.appendSession(S2, 30);
        a.ok(concat(new String[] {"init", a.root.toString(), "--encrypt"}, cluster.flags()));
        Machine b = machine("b", "bob", "linux", "work/proj", cluster);
        giveAccess(a, b);
        try (Transport raw = cluster.raw(a)) {
            Snapshot s = raw.read(ProjectId.of("proj"));
            Map<String, Content> puts = new TreeMap<>();
            attack.replace(raw, s).forEach((p, bytes) -> puts.put(p, Content.of(bytes)));
            raw.publish(s.project(), s.token(), new Changeset(puts, Set.of(), "tamper"));
        }
        Machine.Result r = b.run(concat(new String[] {"join", b.root.toString()}, cluster.flags()));
        assertEquals(ExitCodes.GUARD_REFUSED, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("nothing was written"), r.err());
        assertFalse(Files.exists(b.contextDir().resolve(S1 + ".jsonl")) && Files.exists(b.contextDir().resolve(S2 + ".jsonl")),
                "the tampered transcript is not written");
        assertFalse(Files.exists(b.env().convergenceHome().resolve("projects/proj.json")), "B is not registered");
        Machine.Result onA = a.run("sync");
        assertEquals(ExitCodes.GUARD_REFUSED, onA.code(), onA.toString());
    }

    private static List<SnapshotEntry> segments(Snapshot s) {
        return s.entries().values().stream().filter(e -> e.path().startsWith("e/") && !e.path().equals("e/index"))
                .sorted((x, y) -> Long.compare(y.size(), x.size())).toList();
    }

    private static SnapshotEntry largestSegment(Snapshot s) {
        return segments(s).get(0);
    }

    private static byte[] read(Transport raw, Snapshot s, SnapshotEntry e) throws IOException {
        try (InputStream in = raw.open(s, e)) {
            return in.readAllBytes();
        }
    }

    // --- helpers ---

    private void assertRefusedForKey(Machine m, Machine.Result r, String says) throws IOException {
        assertEquals(ExitCodes.KEY_REQUIRED, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().contains(says), r.err());
        assertFalse(Files.exists(m.contextDir()) && ClusterEndToEndTest.allText(m.contextDir()).length() > 0, "nothing written locally");
        assertFalse(Files.exists(m.env().convergenceHome().resolve("projects/proj.json")), "not registered");
    }

    /** B shows its public key, A exports the project's keys for it, B imports them. */
    private static void giveAccess(Machine a, Machine b) {
        String pub = b.ok("key", "show").out().strip();
        String token = a.ok("key", "export", "--to", pub).out().strip();
        b.ok("key", "import", token);
    }

    private static void assertConverged(List<Machine> ms, List<String> sessions) throws IOException {
        for (Machine m : ms) {
            for (String s : sessions) {
                Path f = m.contextDir().resolve(s + ".jsonl");
                assertTrue(Files.exists(f), m.name + " holds " + s);
                assertTrue(Files.readString(f).contains("\"cwd\":" + Machine.json(m.nativeRoot())), m.name + " sees its own paths");
            }
        }
        Machine first = ms.get(0);
        for (String s : sessions) {
            long lines = Files.readString(first.contextDir().resolve(s + ".jsonl")).lines().count();
            for (Machine m : ms) {
                assertEquals(lines, Files.readString(m.contextDir().resolve(s + ".jsonl")).lines().count(), m.name + " " + s);
            }
        }
    }

    /** No 16-byte window of any local transcript (or its canonical form) and no session id appears anywhere in the store. */
    private void assertNoPlaintext(Cluster cluster, List<Machine> ms) throws Exception {
        byte[] stored = cluster.storedBytes();
        assertTrue(stored.length > 1000, "the scan saw the store: " + stored.length + " bytes");
        Set<String> windows = new HashSet<>();
        String s = new String(stored, StandardCharsets.ISO_8859_1);
        for (int i = 0; i + 16 <= s.length(); i++) {
            windows.add(s.substring(i, i + 16));
        }
        for (Machine m : ms) {
            try (Stream<Path> files = Files.list(m.contextDir())) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                    String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                    for (int i = 0; i + 16 <= text.length(); i++) {
                        String w = text.substring(i, i + 16);
                        if (windows.contains(w)) {
                            throw new AssertionError("the store holds plaintext of " + f.getFileName() + " at " + i + ": " + w);
                        }
                    }
                }
            }
        }
        for (String name : cluster.storedNames()) {
            for (String id : List.of(S1, S2, S1.substring(0, 8), S2.substring(0, 8))) {
                assertFalse(name.contains(id), "a stored name reveals a session id: " + name);
            }
        }
        for (String id : List.of(S1, S2)) {
            assertFalse(s.contains(id), "a session id appears in the stored bytes");
        }
    }

    private Machine machine(String name, String user, String os, String dir, Cluster cluster) throws IOException {
        Machine m = new Machine(tmp, name, user, os, dir);
        cluster.configure(m);
        return m;
    }

    private Cluster gitCluster() {
        Path bare = tmp.resolve("cluster.git");
        return new Cluster() {
            public String[] flags() {
                return new String[] {"--remote", bare.toString()};
            }

            public void configure(Machine m) {
            }

            public byte[] storedBytes() throws Exception {
                return git(bare, "cat-file", "--batch-all-objects", "--batch");
            }

            public List<String> storedNames() throws Exception {
                List<String> names = new ArrayList<>(List.of(new String(git(bare, "for-each-ref", "--format=%(refname)"), StandardCharsets.UTF_8).split("\n")));
                names.addAll(List.of(new String(git(bare, "log", "--all", "--format=%s", "--name-only"), StandardCharsets.UTF_8).split("\n")));
                try (Stream<Path> w = Files.walk(bare)) {
                    w.forEach(p -> names.add(p.toString()));
                }
                return names;
            }

            public Transport raw(Machine m) throws Exception {
                return rawTransport(m, ClusterUri.parse(bare.toString()), Map.of());
            }
        };
    }

    private Cluster dirCluster() {
        Path dir = tmp.resolve("shared-drive");
        return new Cluster() {
            public String[] flags() {
                return new String[] {"--cluster", dir.toString()};
            }

            public void configure(Machine m) {
            }

            public byte[] storedBytes() throws IOException {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                try (Stream<Path> w = Files.walk(dir)) {
                    for (Path p : w.filter(Files::isRegularFile).toList()) {
                        all.writeBytes(Files.readAllBytes(p));
                    }
                }
                return all.toByteArray();
            }

            public List<String> storedNames() throws IOException {
                List<String> names = new ArrayList<>();
                try (Stream<Path> w = Files.walk(dir)) {
                    w.forEach(p -> names.add(p.toString()));
                }
                names.add(new String(storedBytes(), StandardCharsets.ISO_8859_1));
                return names;
            }

            public Transport raw(Machine m) throws Exception {
                return rawTransport(m, ClusterUri.directory(dir.toString()), Map.of());
            }
        };
    }

    private Cluster s3Cluster(S3ProxyServer s3) {
        String uri = "s3://" + S3ProxyServer.BUCKET + "/convergence";
        return new Cluster() {
            public String[] flags() {
                return new String[] {"--s3", uri, "--s3-endpoint", s3.endpoint().toString()};
            }

            public void configure(Machine m) {
                s3.environment().forEach(m::set);
            }

            public byte[] storedBytes() throws IOException {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (String key : storedNames()) {
                    try (InputStream in = s3.blobStore().getBlob(S3ProxyServer.BUCKET, key).getPayload().openStream()) {
                        all.writeBytes(in.readAllBytes());
                    }
                }
                return all.toByteArray();
            }

            public List<String> storedNames() {
                List<String> keys = new ArrayList<>();
                for (StorageMetadata md : s3.blobStore().list(S3ProxyServer.BUCKET, ListContainerOptions.Builder.recursive())) {
                    keys.add(md.getName());
                }
                return keys;
            }

            public Transport raw(Machine m) throws Exception {
                return rawTransport(m, ClusterUri.parse(uri), Map.of("s3.endpoint", s3.endpoint().toString()));
            }
        };
    }

    private static Transport rawTransport(Machine m, ClusterUri uri, Map<String, String> options) {
        Path clones = m.env().convergenceHome().resolve("attacker-clones");
        return ProviderRegistry.discover().open(uri, new TransportContext(clones, m.home, m.env().variables(), options));
    }

    private static long storedSize(Path dir) throws IOException {
        try (Stream<Path> w = Files.walk(dir)) {
            long n = 0;
            for (Path p : w.filter(Files::isRegularFile).toList()) {
                n += Files.size(p);
            }
            return n;
        }
    }

    private static byte[] git(Path bare, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir", bare.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        return out;
    }

    private static String[] concat(String[] x, String[] y) {
        String[] out = new String[x.length + y.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
