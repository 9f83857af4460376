package dev.convergence.transport.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.testkit.StoredContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large transcripts in the git cluster: stored as chunk trees, appended chunk by chunk, read as one file. */
class ChunkedTranscriptTest {

    private static final int CHUNK = 16 * 1024;
    private static final int THRESHOLD = 64 * 1024;
    private static final ProjectId P = ProjectId.of("proj");
    private static final String PATH = "context/0b1c.jsonl";

    @TempDir
    Path tmp;

    private Path cluster;
    private final List<Transport> opened = new ArrayList<>();
    private int machines;

    @BeforeAll
    static void needsGit() {
        assumeTrue(GitDaemon.gitIsInstalled(), "no git binary on the PATH");
    }

    @BeforeEach
    void createCluster() {
        cluster = tmp.resolve("cluster.git");
        machine(Map.of()).ensureCluster(true);
    }

    @AfterEach
    void close() {
        opened.forEach(Transport::close);
    }

    @Test
    void aTranscriptPastTheThresholdIsStoredAsChunksAndListedAsOneFile() throws Exception {
        Transport t = machine(Map.of());
        byte[] body = lines(new Random(1), 200_000);
        t.publish(P, SnapshotToken.ABSENT, put(Map.of(PATH, Content.of(body), "roster.json", Content.of("{}\n".getBytes(UTF_8)))));

        Transport reader = machine(Map.of());
        Snapshot s = reader.read(P);
        assertEquals(Set.of(PATH, "roster.json"), s.entries().keySet());
        assertEquals(body.length, s.entries().get(PATH).size());
        assertArrayEquals(body, read(reader, s, PATH));
        assertChunkedAsTheRuleSays(body);
        assertEquals("", git("fsck", "--no-progress", "--strict"));
        String first = git("show", "project/proj:" + PATH + ".chunks/000000");
        assertTrue(first.startsWith("{\"uuid\":\"0\""), "each chunk is readable JSONL: " + first.substring(0, 40));
    }

    @Test
    void appendsRewriteOnlyTheLastChunkAndAddNewOnes() throws Exception {
        Transport t = machine(Map.of());
        Random random = new Random(2);
        byte[] body = lines(random, 100_000);
        SnapshotToken token = t.publish(P, SnapshotToken.ABSENT, put(Map.of(PATH, Content.of(body))));
        for (int round = 0; round < 5; round++) {
            Map<String, String> before = chunkBlobs();
            byte[] tail = lines(random, 3_000 + round * 9_000);
            token = append(t, token, tail);
            body = concat(body, tail);
            assertReadsBackChunked(body);
            Map<String, String> after = chunkBlobs();
            List<String> names = new ArrayList<>(before.keySet());
            for (String name : names.subList(0, names.size() - 1)) {
                assertEquals(before.get(name), after.get(name), "round " + round + ": chunk " + name + " was kept as it was");
            }
            assertTrue(after.size() >= before.size());
        }
    }

    @Test
    void anAppendToStoredChunksReadsOnlyTheLastChunkAndTheTailNeverTheWholeContent() throws Exception {
        Transport t = machine(Map.of());
        byte[] body = lines(new Random(8), 300_000);
        SnapshotToken token = t.publish(P, SnapshotToken.ABSENT, put(Map.of(PATH, Content.of(body))));
        SnapshotEntry e = t.read(P).entries().get(PATH);
        byte[] tail = lines(new Random(9), 30_000);
        Content base = new Content() {
            @Override
            public long size() {
                return e.size();
            }

            @Override
            public InputStream open() {
                throw new AssertionError("the base was streamed: the append cost the whole file");
            }
        };
        t.publish(P, token, put(Map.of(PATH, Content.appending(e.contentId(), base, Content.of(tail)))));
        byte[] whole = concat(body, tail);
        assertReadsBackChunked(whole);
    }

    @Test
    void aTranscriptCrossingTheThresholdTurnsFromOneBlobIntoChunks() throws Exception {
        Transport t = machine(Map.of());
        byte[] small = lines(new Random(3), THRESHOLD - 5_000);
        SnapshotToken token = t.publish(P, SnapshotToken.ABSENT, put(Map.of(PATH, Content.of(small))));
        assertEquals(PATH, git("ls-tree", "-r", "--name-only", "project/proj"), "below the threshold: one plain blob");
        byte[] tail = lines(new Random(4), 20_000);
        append(t, token, tail);
        byte[] whole = concat(small, tail);
        assertReadsBackChunked(whole);
        assertFalse(git("ls-tree", "-r", "--name-only", "project/proj").lines().anyMatch(PATH::equals), "the plain blob is gone");
    }

    @Test
    void aPlainBlobBesideTheChunksIsReadAsTheirUnionAndTheNextPublishKeepsOnlyChunks() throws Exception {
        Transport t = machine(Map.of());
        byte[] ours = lines(new Random(5), 100_000);
        t.publish(P, SnapshotToken.ABSENT, put(Map.of(PATH, Content.of(ours))));
        // Another client, which does not know chunks, pushes its own copy: an older prefix plus its own lines.
        byte[] prefix = Arrays.copyOf(ours, lineEndBefore(ours, 40_000));
        byte[] theirs = concat(prefix, "{\"uuid\":\"theirs-1\"}\n{\"uuid\":\"theirs-2\"}\n".getBytes(UTF_8));
        commitPlainBlob(theirs);

        Transport reader = machine(Map.of());
        Snapshot s = reader.read(P);
        SnapshotEntry e = s.entries().get(PATH);
        assertTrue(e.contentId().contains("+"), e.contentId());
        byte[] union = read(reader, s, PATH);
        assertArrayEquals(concat(ours, "{\"uuid\":\"theirs-1\"}\n{\"uuid\":\"theirs-2\"}\n".getBytes(UTF_8)), union,
                "every line of both, none twice");

        byte[] tail = lines(new Random(6), 5_000);
        reader.publish(P, s.token(), put(Map.of(PATH, Content.appending(e.contentId(), Content.of(union), Content.of(tail)))));
        byte[] whole = concat(union, tail);
        assertReadsBackChunked(whole);
    }

    @Test
    void aChunkTreeThatIsNotWellFormedIsListedAsTheFilesItHolds() throws Exception {
        Transport t = machine(Map.of());
        t.publish(P, SnapshotToken.ABSENT, put(Map.of(PATH + ".chunks/000000", Content.of("a\n".getBytes(UTF_8)),
                PATH + ".chunks/notes.txt", Content.of("b\n".getBytes(UTF_8)))));
        assertEquals(Set.of(PATH + ".chunks/000000", PATH + ".chunks/notes.txt"), machine(Map.of()).read(P).entries().keySet());
    }

    @Test
    void aThresholdOfZeroNeverChunks() throws Exception {
        Transport t = machine(Map.of("git.chunk-threshold", "0"));
        byte[] body = lines(new Random(7), 200_000);
        t.publish(P, SnapshotToken.ABSENT, put(Map.of(PATH, Content.of(body))));
        assertEquals(PATH, git("ls-tree", "-r", "--name-only", "project/proj"));
        assertArrayEquals(body, read(machine(Map.of()), PATH));
    }

    /**
     * Seeded random sequences of appends (by this machine and by another one, to the current
     * version or to an older one), merges that rewrite the middle, and lines longer than a chunk:
     * after every step the file reads back exactly, its layout is the one the chunking rule gives
     * for its bytes, and its id equals that of the same bytes published from scratch.
     */
    @Test
    void randomAppendAndMergeSequencesKeepEveryByteAndTheCanonicalLayout() throws Exception {
        for (long seed = 11; seed < 14; seed++) {
            Random random = new Random(seed);
            String path = "context/s" + seed + ".jsonl";
            Transport a = machine(Map.of());
            Transport b = machine(Map.of());
            byte[] body = lines(random, 20_000);
            Snapshot s0 = a.read(P);
            a.publish(P, s0.token(), put(Map.of(path, Content.of(body))));
            List<String> ids = new ArrayList<>();
            Map<String, byte[]> byId = new LinkedHashMap<>();
            for (int step = 0; step < 25; step++) {
                Transport t = random.nextInt(4) == 0 ? b : a;
                Snapshot s = t.read(P);
                SnapshotEntry e = s.entries().get(path);
                ids.add(e.contentId());
                byId.put(e.contentId(), body);
                int op = random.nextInt(10);
                byte[] next;
                Content content;
                if (op < 6) {
                    byte[] tail = random.nextInt(5) == 0 ? longLine(random) : lines(random, 1 + random.nextInt(40_000));
                    next = concat(body, tail);
                    content = Content.appending(e.contentId(), StoredContent.of(t, s, e), Content.of(tail));
                } else if (op < 8 && ids.size() > 2) {
                    String older = ids.get(random.nextInt(ids.size() - 1));
                    byte[] base = byId.get(older);
                    byte[] tail = lines(random, 1 + random.nextInt(20_000));
                    next = concat(base, tail);
                    content = Content.appending(older, Content.of(base), Content.of(tail));
                } else {
                    int cut = lineEndBefore(body, random.nextInt(body.length));
                    next = concat(concat(Arrays.copyOf(body, cut), lines(random, 1 + random.nextInt(8_000))),
                            Arrays.copyOfRange(body, cut, body.length));
                    content = Content.of(next);
                }
                t.publish(P, s.token(), put(Map.of(path, content)));
                body = next;
                Snapshot after = a.read(P);
                assertEquals(body.length, after.entries().get(path).size(), "seed " + seed + " step " + step);
                assertArrayEquals(body, read(a, after, path), "seed " + seed + " step " + step);
                if (body.length >= THRESHOLD) {
                    assertEquals(expectedSizes(body), chunkSizes(path), "seed " + seed + " step " + step);
                }
                assertEquals(idFromScratch(body), after.entries().get(path).contentId(), "seed " + seed + " step " + step);
            }
        }
    }

    /**
     * Seeded random appends, rewrites of the middle and of the last chunk, and truncations, each
     * read by another machine: it is offered exactly the appended bytes whenever the new version is
     * the one it read before plus more, and never otherwise.
     */
    @Test
    void anotherMachineIsOfferedExactlyTheAppendedBytesAndOnlyForAnAppend() throws Exception {
        Random random = new Random(21);
        Transport a = machine(Map.of());
        Transport b = machine(Map.of());
        byte[] body = lines(random, 3 * THRESHOLD);
        a.publish(P, SnapshotToken.ABSENT, put(Map.of(PATH, Content.of(body))));
        int offered = 0;
        for (int step = 0; step < 30; step++) {
            Snapshot before = b.read(P);
            Snapshot s = a.read(P);
            SnapshotEntry e = s.entries().get(PATH);
            int op = random.nextInt(6);
            byte[] next;
            if (op < 3) {
                next = concat(body, random.nextInt(4) == 0 ? longLine(random) : lines(random, 1 + random.nextInt(40_000)));
            } else if (op == 3) {
                int at = body.length - 1 - random.nextInt(Math.min(body.length, CHUNK));
                next = body.clone();
                next[at] = (byte) (next[at] == 'z' ? 'y' : 'z');
                next = concat(next, lines(random, 1 + random.nextInt(5_000)));
            } else if (op == 4) {
                int cut = lineEndBefore(body, random.nextInt(body.length));
                next = concat(concat(Arrays.copyOf(body, cut), lines(random, 1 + random.nextInt(8_000))),
                        Arrays.copyOfRange(body, cut, body.length));
            } else {
                next = Arrays.copyOf(body, Math.max(THRESHOLD, lineEndBefore(body, body.length - 1)));
            }
            a.publish(P, s.token(), put(Map.of(PATH, Content.of(next))));
            Snapshot now = b.read(P);
            SnapshotEntry was = before.entries().get(PATH);
            java.util.Optional<InputStream> appended = b.openAppended(now, now.entries().get(PATH), was.contentId());
            boolean isAppend = next.length > body.length && Arrays.equals(body, 0, body.length, next, 0, body.length);
            assertEquals(isAppend, appended.isPresent(), "step " + step + " op " + op);
            if (appended.isPresent()) {
                try (InputStream in = appended.get()) {
                    assertArrayEquals(Arrays.copyOfRange(next, body.length, next.length), in.readAllBytes(), "step " + step);
                }
                offered++;
            }
            assertEquals(e.contentId(), was.contentId());
            body = next;
        }
        assertTrue(offered >= 10, "appends were offered: " + offered);
    }

    @Test
    void aTranscriptStoredAsOneBlobIsNeverOfferedAsAnAppend() throws Exception {
        Transport t = machine(Map.of());
        byte[] small = lines(new Random(22), THRESHOLD / 2);
        SnapshotToken token = t.publish(P, SnapshotToken.ABSENT, put(Map.of(PATH, Content.of(small))));
        String blob = t.read(P).entries().get(PATH).contentId();
        append(t, token, lines(new Random(23), THRESHOLD / 4));
        Snapshot s = machine(Map.of()).read(P);
        assertFalse(t.openAppended(s, s.entries().get(PATH), blob).isPresent());
    }

    // ---- helpers ----

    private Transport machine(Map<String, String> extraOptions) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("git.chunk-threshold", String.valueOf(THRESHOLD),
                "git.chunk-size", String.valueOf(CHUNK)));
        options.putAll(extraOptions);
        try {
            Transport t = new GitTransportProvider().open(ClusterUri.parse(cluster.toString()),
                    new TransportContext(tmp.resolve("machine-" + machines++), tmp.resolve("home"), Map.of(), options));
            opened.add(t);
            return t;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SnapshotToken append(Transport t, SnapshotToken token, byte[] tail) {
        Snapshot s = t.read(P);
        assertEquals(token, s.token());
        SnapshotEntry e = s.entries().get(PATH);
        return t.publish(P, token, put(Map.of(PATH, Content.appending(e.contentId(), StoredContent.of(t, s, e), Content.of(tail)))));
    }

    private Transport scratch;
    private SnapshotToken scratchToken = SnapshotToken.ABSENT;
    private String scratchPath;

    /** The content id the same bytes get when published whole, in a project of their own. */
    private String idFromScratch(byte[] body) {
        if (scratch == null) {
            scratch = machine(Map.of());
        }
        ProjectId project = ProjectId.of("scratch");
        String path = "context/x" + machines++ + ".jsonl";
        scratchToken = scratch.publish(project, scratchToken, new Changeset(Map.of(path, Content.of(body)),
                scratchPath == null ? Set.of() : Set.of(scratchPath), "from scratch"));
        scratchPath = path;
        return scratch.read(project).entries().get(path).contentId();
    }

    private static Changeset put(Map<String, Content> puts) {
        return new Changeset(puts, Set.of(), "test");
    }

    private static byte[] read(Transport t, String path) {
        return read(t, t.read(P), path);
    }

    private static byte[] read(Transport t, Snapshot s, String path) {
        try (InputStream in = t.open(s, s.entries().get(path))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON lines of 20 to 3,000 bytes, about {@code bytes} in all. */
    static byte[] lines(Random random, int bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; out.size() < bytes; i++) {
            String text = Long.toString(random.nextLong(), 36).repeat(1 + random.nextInt(200));
            out.writeBytes(("{\"uuid\":\"" + i + "\",\"text\":\"" + text + "\"}\n").getBytes(UTF_8));
        }
        return out.toByteArray();
    }

    /** One line longer than a chunk. */
    private static byte[] longLine(Random random) {
        return ("{\"big\":\"" + "y".repeat(CHUNK + random.nextInt(3 * CHUNK)) + "\"}\n").getBytes(UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static int lineEndBefore(byte[] body, int at) {
        for (int i = Math.min(at, body.length) - 1; i >= 0; i--) {
            if (body[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }

    /** The chunk sizes the rule gives, written out independently of {@link Chunker}. */
    private static List<Long> expectedSizes(byte[] body) {
        List<Long> sizes = new ArrayList<>();
        int start = 0;
        while (body.length - start > CHUNK) {
            int end = lineEndBefore(Arrays.copyOfRange(body, start, start + CHUNK), CHUNK);
            end = end == 0 ? CHUNK : end;
            sizes.add((long) end);
            start += end;
        }
        if (body.length > start) {
            sizes.add((long) (body.length - start));
        }
        return sizes;
    }

    /** A new machine reads {@code body} back, and the branch holds it as the chunks the rule gives. */
    private void assertReadsBackChunked(byte[] body) throws Exception {
        assertArrayEquals(body, read(machine(Map.of()), PATH));
        assertChunkedAsTheRuleSays(body);
    }

    private void assertChunkedAsTheRuleSays(byte[] body) throws Exception {
        assertEquals(expectedSizes(body), chunkSizes(PATH));
    }

    /** Sizes of the chunks of {@code path} on the project branch, as the git CLI lists them; no plain blob beside them. */
    private List<Long> chunkSizes(String path) throws Exception {
        List<Long> sizes = new ArrayList<>();
        for (String line : git("ls-tree", "-r", "-l", "project/proj").split("\n")) {
            String[] cols = line.split("\\s+", 5);
            if (cols[4].equals(path)) {
                throw new AssertionError("a plain blob beside the chunks of " + path);
            }
            if (cols[4].startsWith(path + ".chunks/")) {
                assertEquals(path + ".chunks/" + String.format("%06d", sizes.size()), cols[4]);
                sizes.add(Long.parseLong(cols[3]));
            }
        }
        return sizes;
    }

    private Map<String, String> chunkBlobs() throws Exception {
        Map<String, String> blobs = new LinkedHashMap<>();
        for (String line : git("ls-tree", "-r", "project/proj").split("\n")) {
            String[] cols = line.split("\\s+", 4);
            if (cols[3].startsWith(PATH + ".chunks/")) {
                blobs.put(cols[3], cols[2]);
            }
        }
        return blobs;
    }

    /** What a client that does not know chunks does: commits {@code context/<uuid>.jsonl} as a plain blob. */
    private void commitPlainBlob(byte[] content) throws Exception {
        Path work = tmp.resolve("other-client");
        run(tmp, "git", "clone", "-q", "-b", "project/proj", cluster.toString(), work.toString());
        Files.write(work.resolve(PATH), content);
        run(work, "git", "add", PATH);
        run(work, "git", "-c", "user.name=ref", "-c", "user.email=ref@localhost", "commit", "-qm", "reference client");
        run(work, "git", "push", "-q", "origin", "project/proj");
    }

    private String git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "--git-dir=" + cluster));
        command.addAll(List.of(args));
        return run(tmp, command.toArray(String[]::new));
    }

    private static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed: " + out);
        return out.strip();
    }
}
