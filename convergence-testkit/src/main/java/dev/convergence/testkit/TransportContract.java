package dev.convergence.testkit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every transport must show, whatever it stores data in. A transport's test
 * extends this class and supplies a fresh, empty cluster location per test with
 * {@link #newCluster}; capabilities the store may lack are flags, never disabled tests.
 *
 * <p>The central promise is compare-and-swap: a publish against a token that is no longer
 * current is refused with {@link StaleSnapshotException} and changes nothing, so no update is
 * ever lost, whoever races.
 */
public abstract class TransportContract {

    protected static final ProjectId ALPHA = ProjectId.of("alpha");
    protected static final ProjectId BETA = ProjectId.of("beta");
    protected static final ProjectId GAMMA = ProjectId.of("gamma-2.x");

    @TempDir
    protected Path tempDir;

    protected ClusterFixture cluster;
    private final List<Transport> opened = new ArrayList<>();

    /**
     * A fresh cluster location for one test: missing or empty, so that
     * {@code ensureCluster(true)} makes it a cluster.
     *
     * @param tempDir a temporary directory of this test, deleted afterwards
     */
    protected abstract ClusterFixture newCluster(Path tempDir) throws Exception;

    /**
     * A location of this transport's kind that holds something which is not a Convergence
     * cluster, or empty when the store cannot hold anything else.
     */
    protected Optional<ClusterFixture> newForeignLocation(Path tempDir) throws Exception {
        return Optional.empty();
    }

    /** Whether two JVMs may publish to the cluster at once (a child JVM opens it by provider id and URI). */
    protected boolean supportsMultiProcess() {
        return false;
    }

    /** Rounds of the two-thread race; each round has exactly one winner. */
    protected int raceRounds() {
        return 8;
    }

    /** Size of the large-file round trip; 100 MB unless the store is too slow for that in a unit test. */
    protected long largeFileSize() {
        return 100L * 1024 * 1024;
    }

    /**
     * Whether {@link Transport#openAppended} offers the new bytes of the kit's transcript of about
     * 110 KB that grew by 80 KB (for example, git with chunking from 64 KiB on). Whatever this
     * answers, a transport that offers bytes must offer exactly the appended ones.
     */
    protected boolean offersAppends() {
        return false;
    }

    @BeforeEach
    void createCluster() throws Exception {
        cluster = newCluster(tempDir);
    }

    @AfterEach
    void closeTransports() {
        opened.forEach(Transport::close);
    }

    /** Opens a transport as a new machine; closed after the test. */
    protected Transport machine() {
        Transport t = cluster.open();
        opened.add(t);
        return t;
    }

    /** Opens a new machine on a cluster that {@code ensureCluster(true)} has set up. */
    protected Transport machineOnCluster() {
        Transport t = machine();
        t.ensureCluster(true);
        return t;
    }

    // ---- cluster ----

    @Test
    void ensureClusterWithCreateTurnsAnEmptyLocationIntoACluster() {
        machine().ensureCluster(true);
        Transport other = machine();
        assertDoesNotThrow(() -> other.ensureCluster(false));
        assertEquals(List.of(), other.listProjects());
    }

    @Test
    void ensureClusterIsIdempotent() {
        Transport t = machineOnCluster();
        t.ensureCluster(true);
        machine().ensureCluster(true);
        assertEquals(List.of(), t.listProjects());
    }

    @Test
    void ensureClusterWithoutCreateRefusesALocationThatIsNotYetACluster() {
        assertThrows(TransportException.class, () -> machine().ensureCluster(false));
    }

    @Test
    void ensureClusterRefusesALocationHoldingSomethingElseEvenWithCreate() throws Exception {
        Optional<ClusterFixture> foreign = newForeignLocation(tempDir.resolve("foreign"));
        assumeTrue(foreign.isPresent(), "this store cannot hold anything but a cluster");
        try (Transport t = foreign.get().open()) {
            assertThrows(TransportException.class, () -> t.ensureCluster(false));
            assertThrows(TransportException.class, () -> t.ensureCluster(true));
        }
    }

    @Test
    void listProjectsOfAnEmptyClusterIsEmpty() {
        assertEquals(List.of(), machineOnCluster().listProjects());
    }

    @Test
    void listProjectsNamesEveryProjectSorted() {
        Transport t = machineOnCluster();
        for (ProjectId p : List.of(GAMMA, ALPHA, BETA)) {
            create(t, p, Map.of("roster.json", "{}\n"));
        }
        assertEquals(List.of(ALPHA, BETA, GAMMA), t.listProjects());
        assertEquals(List.of(ALPHA, BETA, GAMMA), machine().listProjects());
    }

    @Test
    void projectsAreIsolatedFromEachOther() {
        Transport t = machineOnCluster();
        create(t, ALPHA, Map.of("roster.json", "{\"a\":1}\n", "context/a.jsonl", "a\n"));
        create(t, BETA, Map.of("roster.json", "{\"b\":1}\n", "context/b.jsonl", "b\n"));
        Transport other = machine();
        assertEquals(Set.of("roster.json", "context/a.jsonl"), other.read(ALPHA).entries().keySet());
        assertEquals(Set.of("roster.json", "context/b.jsonl"), other.read(BETA).entries().keySet());
        assertEquals("{\"b\":1}\n", text(other, other.read(BETA), "roster.json"));
    }

    // ---- read ----

    @Test
    void readingAMissingProjectGivesTheAbsentSnapshot() {
        Snapshot s = machineOnCluster().read(ALPHA);
        assertTrue(s.isAbsent());
        assertEquals(SnapshotToken.ABSENT, s.token());
        assertEquals(Map.of(), s.entries());
        assertEquals(ALPHA, s.project());
    }

    @Test
    void publishingAgainstAbsentCreatesTheProject() {
        Transport t = machineOnCluster();
        SnapshotToken token = create(t, ALPHA, Map.of("roster.json", "{}\n"));
        assertFalse(token.isAbsent());
        Snapshot s = machine().read(ALPHA);
        assertEquals(token, s.token());
        assertEquals(List.of(ALPHA), t.listProjects());
    }

    @Test
    void readListsEveryEntryWithItsSizeAndContentIdAndOpenStreamsTheExactBytes() {
        Transport t = machineOnCluster();
        Map<String, String> files = Map.of(
                "roster.json", "{\"project_id\":\"alpha\"}\n",
                "context/0b1c.jsonl", "{\"uuid\":\"1\"}\n{\"uuid\":\"2\"}\n",
                "context/memory/MEMORY.md", "- [A](a.md) — hook\n",
                "context/empty.txt", "");
        create(t, ALPHA, files);
        Transport reader = machine();
        Snapshot s = reader.read(ALPHA);
        assertEquals(files.keySet(), s.entries().keySet());
        for (var f : files.entrySet()) {
            SnapshotEntry e = s.entries().get(f.getKey());
            byte[] expected = f.getValue().getBytes(UTF_8);
            assertEquals(f.getKey(), e.path());
            assertEquals(expected.length, e.size(), f.getKey());
            assertEquals(SnapshotEntry.Type.REGULAR, e.type());
            assertFalse(e.contentId().isEmpty());
            assertArrayEquals(expected, bytes(reader, s, e), f.getKey());
        }
    }

    @Test
    void contentIdChangesIfAndOnlyIfContentChanges() {
        Transport t = machineOnCluster();
        create(t, ALPHA, Map.of("a", "one\n", "b", "two\n", "c", "one\n"));
        Snapshot first = t.read(ALPHA);
        assertEquals(first.entries().get("a").contentId(), first.entries().get("c").contentId());
        assertNotEquals(first.entries().get("a").contentId(), first.entries().get("b").contentId());
        publish(t, ALPHA, first.token(), Map.of("b", "two, changed\n", "c", "one\n"), Set.of());
        Snapshot second = t.read(ALPHA);
        assertEquals(first.entries().get("a").contentId(), second.entries().get("a").contentId());
        assertEquals(first.entries().get("c").contentId(), second.entries().get("c").contentId());
        assertNotEquals(first.entries().get("b").contentId(), second.entries().get("b").contentId());
    }

    @Test
    void namesWithSpacesAndNonAsciiRoundTrip() {
        Transport t = machineOnCluster();
        Map<String, String> files = Map.of(
                "context/memory/notes with spaces.md", "spaces\n",
                "context/memory/café ü 漢字.md", "unicode ✓\n",
                "context/dir with space/sub dir/x y.jsonl", "{}\n");
        create(t, ALPHA, files);
        Transport reader = machine();
        Snapshot s = reader.read(ALPHA);
        assertEquals(files.keySet(), s.entries().keySet());
        files.forEach((path, body) -> assertEquals(body, text(reader, s, path), path));
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLargeFileRoundTripsByteExactWithoutBeingHeldInMemory() throws IOException {
        GeneratedContent big = new GeneratedContent(largeFileSize(), 42);
        Transport t = machineOnCluster();
        t.publish(ALPHA, SnapshotToken.ABSENT, new Changeset(Map.of("context/big.jsonl", big), Set.of(), "big"));
        Transport reader = machine();
        Snapshot s = reader.read(ALPHA);
        SnapshotEntry e = s.entries().get("context/big.jsonl");
        assertEquals(big.size(), e.size());
        assertEquals(big.sha256(), GeneratedContent.sha256(reader.open(s, e)));
    }

    @Test
    void contentThatAppendsToAStoredBaseIsStoredAsTheWholeContent() {
        Transport t = machineOnCluster();
        String base = lines("base", 400);
        SnapshotToken first = create(t, ALPHA, Map.of("context/s.jsonl", base));
        Snapshot read = t.read(ALPHA);
        SnapshotEntry stored = read.entries().get("context/s.jsonl");
        String tail = lines("tail", 300);
        Content appended = Content.appending(stored.contentId(), StoredContent.of(t, read, stored), Content.of(tail.getBytes(UTF_8)));
        t.publish(ALPHA, first, new Changeset(Map.of("context/s.jsonl", appended), Set.of(), "append"));

        Transport reader = machine();
        Snapshot now = reader.read(ALPHA);
        assertEquals(base + tail, text(reader, now, "context/s.jsonl"));
        assertEquals((base + tail).getBytes(UTF_8).length, now.entries().get("context/s.jsonl").size());
        SnapshotToken second = publish(reader, ALPHA, now.token(), Map.of("context/same.jsonl", base + tail), Set.of());
        assertEquals(now.entries().get("context/s.jsonl").contentId(),
                reader.read(ALPHA).entries().get("context/same.jsonl").contentId(), "the id follows the content, not how it was built");
        assertFalse(second.isAbsent());
    }

    @Test
    void anAppendNamingABaseTheStoreDoesNotHoldIsStoredFromItsStream() {
        Transport t = machineOnCluster();
        SnapshotToken first = create(t, ALPHA, Map.of("roster.json", "{}\n"));
        String whole = lines("whole", 200);
        Content unknownBase = new Content() {
            @Override
            public long size() {
                return whole.getBytes(UTF_8).length;
            }

            @Override
            public InputStream open() {
                return new java.io.ByteArrayInputStream(whole.getBytes(UTF_8));
            }

            @Override
            public Optional<Appended> appended() {
                return Optional.of(new Appended("0123456789abcdef0123456789abcdef01234567", 10, Content.of("xx\n".getBytes(UTF_8))));
            }
        };
        t.publish(ALPHA, first, new Changeset(Map.of("context/s.jsonl", unknownBase), Set.of(), "append to nothing"));
        Transport reader = machine();
        assertEquals(whole, text(reader, reader.read(ALPHA), "context/s.jsonl"));
    }

    @Test
    void openAppendedOffersExactlyTheBytesAfterItsBaseAndNothingForAnyOtherChange() throws IOException {
        Transport t = machineOnCluster();
        String base = lines("base", 400);
        SnapshotToken first = create(t, ALPHA, Map.of("context/s.jsonl", base));
        Transport reader = machine();
        SnapshotEntry was = reader.read(ALPHA).entries().get("context/s.jsonl");
        String tail = lines("tail", 300);
        SnapshotToken second = publish(t, ALPHA, first, Map.of("context/s.jsonl", base + tail), Set.of());
        Snapshot grown = reader.read(ALPHA);
        SnapshotEntry now = grown.entries().get("context/s.jsonl");
        Optional<InputStream> appended = reader.openAppended(grown, now, was.contentId());
        assertEquals(offersAppends(), appended.isPresent(), "the appended bytes are offered");
        if (appended.isPresent()) {
            try (InputStream in = appended.get()) {
                assertEquals(tail, new String(in.readAllBytes(), UTF_8));
            }
        }
        publish(t, ALPHA, second, Map.of("context/s.jsonl", lines("head", 3) + base + tail + "\n"), Set.of());
        Snapshot rewritten = reader.read(ALPHA);
        assertTrue(reader.openAppended(rewritten, rewritten.entries().get("context/s.jsonl"), now.contentId()).isEmpty(),
                "content that is not the base plus more is never offered as an append");
    }

    // ---- publish ----

    @Test
    void publishWithTheCurrentTokenLands() {
        Transport t = machineOnCluster();
        SnapshotToken first = create(t, ALPHA, Map.of("roster.json", "{}\n"));
        Transport other = machine();
        Snapshot read = other.read(ALPHA);
        SnapshotToken second = publish(other, ALPHA, read.token(), Map.of("context/s.jsonl", "x\n", "roster.json", "{\"v\":2}\n"), Set.of());
        assertNotEquals(first, second);
        Snapshot now = t.read(ALPHA);
        assertEquals(second, now.token());
        assertEquals("{\"v\":2}\n", text(t, now, "roster.json"));
        assertEquals("x\n", text(t, now, "context/s.jsonl"));
    }

    @Test
    void publishWithAStaleTokenIsRefusedAndChangesNothing() {
        Transport a = machineOnCluster();
        Transport b = machine();
        SnapshotToken base = create(a, ALPHA, Map.of("roster.json", "{}\n"));
        Snapshot seenByB = b.read(ALPHA);
        SnapshotToken winner = publish(a, ALPHA, base, Map.of("context/a.jsonl", "from a\n"), Set.of());

        assertThrows(StaleSnapshotException.class,
                () -> publish(b, ALPHA, seenByB.token(), Map.of("context/b.jsonl", "from b\n"), Set.of("roster.json")));

        Snapshot now = machine().read(ALPHA);
        assertEquals(winner, now.token());
        assertEquals(Set.of("roster.json", "context/a.jsonl"), now.entries().keySet());
    }

    @Test
    void publishCreatingAProjectThatExistsIsStale() {
        Transport a = machineOnCluster();
        SnapshotToken existing = create(a, ALPHA, Map.of("roster.json", "{\"by\":\"a\"}\n"));
        Transport b = machine();
        assertThrows(StaleSnapshotException.class, () -> create(b, ALPHA, Map.of("roster.json", "{\"by\":\"b\"}\n")));
        Snapshot now = b.read(ALPHA);
        assertEquals(existing, now.token());
        assertEquals("{\"by\":\"a\"}\n", text(b, now, "roster.json"));
    }

    @Test
    void deletesRemoveEntriesAndUntouchedEntriesSurvive() {
        Transport t = machineOnCluster();
        SnapshotToken base = create(t, ALPHA, Map.of("roster.json", "{}\n", "context/old.jsonl", "old\n",
                "context/keep.jsonl", "keep\n", "context/memory/gone.md", "gone\n"));
        publish(t, ALPHA, base, Map.of("context/new.jsonl", "new\n"), Set.of("context/old.jsonl", "context/memory/gone.md"));
        Transport reader = machine();
        Snapshot s = reader.read(ALPHA);
        assertEquals(Set.of("roster.json", "context/keep.jsonl", "context/new.jsonl"), s.entries().keySet());
        assertEquals("keep\n", text(reader, s, "context/keep.jsonl"));
    }

    @Test
    void anEmptyChangesetPublishesNothingAndKeepsTheToken() {
        Transport t = machineOnCluster();
        SnapshotToken base = create(t, ALPHA, Map.of("roster.json", "{}\n"));
        assertEquals(base, t.publish(ALPHA, base, new Changeset(Map.of(), Set.of(), "nothing")));
        assertEquals(base, machine().read(ALPHA).token());
    }

    @Test
    void publishReplacingHistoryIsStillCompareAndSwap() {
        Transport a = machineOnCluster();
        Transport b = machine();
        SnapshotToken base = create(a, ALPHA, Map.of("roster.json", "{}\n"));
        Snapshot seenByB = b.read(ALPHA);
        SnapshotToken winner = publish(a, ALPHA, base, Map.of("context/a.jsonl", "from a\n"), Set.of());

        assertThrows(StaleSnapshotException.class, () -> b.publishReplacingHistory(ALPHA, seenByB.token(),
                changeset(Map.of("keys.json", "{}\n"), Set.of("roster.json"))));

        Snapshot now = machine().read(ALPHA);
        assertEquals(winner, now.token());
        assertEquals(Set.of("roster.json", "context/a.jsonl"), now.entries().keySet());
    }

    @Test
    void aSnapshotThatReplacedTheHistoryReadsAndGrowsLikeAnyOther() {
        Transport a = machineOnCluster();
        Transport b = machine();
        SnapshotToken base = create(a, ALPHA, Map.of("roster.json", "{}\n", "context/old.jsonl", "old\n"));
        b.read(ALPHA);
        SnapshotToken second = publish(a, ALPHA, base, Map.of("context/old.jsonl", "old\nnewer\n"), Set.of());

        SnapshotToken replaced = a.publishReplacingHistory(ALPHA, second,
                changeset(Map.of("keys.json", "{}\n", "e/0001", "sealed\n"), Set.of("roster.json", "context/old.jsonl")));

        Snapshot seenByB = b.read(ALPHA);
        assertEquals(replaced, seenByB.token());
        assertEquals(Set.of("keys.json", "e/0001"), seenByB.entries().keySet());
        assertEquals("sealed\n", text(b, seenByB, "e/0001"));
        SnapshotToken next = publish(b, ALPHA, replaced, Map.of("e/0002", "more\n"), Set.of());
        assertEquals(next, a.read(ALPHA).token());
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void twoThreadsRacingEachRoundHaveExactlyOneWinnerAndLoseNoUpdate() throws Exception {
        Transport first = machineOnCluster();
        Transport second = machine();
        create(first, ALPHA, Map.of("roster.json", "{}\n"));
        int rounds = raceRounds();
        CyclicBarrier barrier = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<List<Boolean>> a = pool.submit(racer(first, "a", rounds, barrier));
            Future<List<Boolean>> b = pool.submit(racer(second, "b", rounds, barrier));
            List<Boolean> winsA = a.get(240, TimeUnit.SECONDS);
            List<Boolean> winsB = b.get(240, TimeUnit.SECONDS);
            for (int r = 0; r < rounds; r++) {
                assertTrue(winsA.get(r) ^ winsB.get(r), "round " + r + " must have exactly one winner");
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> expected = new TreeSet<>(Set.of("roster.json"));
        for (int r = 0; r < rounds; r++) {
            expected.add("race/a-" + r);
            expected.add("race/b-" + r);
        }
        Transport reader = machine();
        Snapshot s = reader.read(ALPHA);
        assertEquals(expected, new TreeSet<>(s.entries().keySet()));
        assertEquals("race/b-0", text(reader, s, "race/b-0"));
    }

    /** How long a racer waits for the other at each step: generous, so a slow round on a loaded machine is not a failure. */
    private static final int RACE_STEP_SECONDS = 90;

    /** Each round: read, publish together with the other racer, and on losing re-read and retry. */
    private static Callable<List<Boolean>> racer(Transport t, String name, int rounds, CyclicBarrier barrier) {
        return () -> {
            RetryingPublisher publisher = new RetryingPublisher(t, ALPHA);
            List<Boolean> won = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                String path = "race/" + name + "-" + r;
                Snapshot read = t.read(ALPHA);
                barrier.await(RACE_STEP_SECONDS, TimeUnit.SECONDS);
                boolean win;
                try {
                    publisher.publish(read.token(), path, path.getBytes(UTF_8));
                    win = true;
                } catch (StaleSnapshotException stale) {
                    win = false;
                }
                barrier.await(RACE_STEP_SECONDS, TimeUnit.SECONDS);
                if (!win) {
                    publisher.add(path, path.getBytes(UTF_8), 20);
                }
                won.add(win);
                barrier.await(RACE_STEP_SECONDS, TimeUnit.SECONDS);
            }
            return won;
        };
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoProcessesRacingLoseNoUpdate() throws Exception {
        assumeTrue(supportsMultiProcess(), "this transport does not support publishers in several processes");
        Transport t = machineOnCluster();
        create(t, ALPHA, Map.of("roster.json", "{}\n"));
        int count = 12;
        Path go = tempDir.resolve("go");
        List<ChildPublisher> children = new ArrayList<>();
        for (String prefix : List.of("p1", "p2")) {
            children.add(ChildPublisher.start(cluster, ALPHA, prefix, count, tempDir, go));
        }
        for (ChildPublisher c : children) {
            c.awaitReady();
        }
        java.nio.file.Files.writeString(go, "go");
        for (ChildPublisher c : children) {
            c.awaitSuccess();
        }
        Set<String> expected = new TreeSet<>(Set.of("roster.json"));
        for (int n = 0; n < count; n++) {
            expected.add("p1/" + n);
            expected.add("p2/" + n);
        }
        assertEquals(expected, new TreeSet<>(machine().read(ALPHA).entries().keySet()));
    }

    @Test
    void closingTwiceIsFine() {
        Transport t = cluster.open();
        t.ensureCluster(true);
        t.close();
        assertDoesNotThrow(t::close);
    }

    // ---- helpers for subclasses ----

    /** {@code count} JSON lines of a few hundred bytes each, distinct per {@code prefix}. */
    protected static String lines(String prefix, int count) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            b.append("{\"uuid\":\"").append(prefix).append('-').append(i).append("\",\"text\":\"")
                    .append("x".repeat(50 + (i * 37) % 400)).append("\"}\n");
        }
        return b.toString();
    }

    /** Creates a project with text files (UTF-8), against {@link SnapshotToken#ABSENT}. */
    protected static SnapshotToken create(Transport t, ProjectId project, Map<String, String> files) {
        return publish(t, project, SnapshotToken.ABSENT, files, Set.of());
    }

    /** Publishes text files (UTF-8) and deletions against {@code expected}. */
    protected static SnapshotToken publish(Transport t, ProjectId project, SnapshotToken expected,
                                           Map<String, String> puts, Set<String> deletes) {
        return t.publish(project, expected, changeset(puts, deletes));
    }

    /** A changeset of text files (UTF-8) and deletions. */
    protected static Changeset changeset(Map<String, String> puts, Set<String> deletes) {
        Map<String, Content> contents = new LinkedHashMap<>();
        puts.forEach((path, body) -> contents.put(path, Content.of(body.getBytes(UTF_8))));
        return new Changeset(contents, deletes, "test publish");
    }

    /** The whole content of one entry. */
    protected static byte[] bytes(Transport t, Snapshot s, SnapshotEntry e) {
        try (InputStream in = t.open(s, e)) {
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The whole content of the entry at {@code path}, as UTF-8 text. */
    protected static String text(Transport t, Snapshot s, String path) {
        SnapshotEntry e = s.entries().get(path);
        assertTrue(e != null, "no entry " + path + " in " + s.entries().keySet());
        return new String(bytes(t, s, e), UTF_8);
    }
}
