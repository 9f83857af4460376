package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.core.ProviderRegistry;
import dev.convergence.core.project.Projects;
import dev.convergence.core.state.ProjectState;
import dev.convergence.core.sync.ProjectSync;
import dev.convergence.core.sync.SyncProgress;
import dev.convergence.core.sync.SyncReport;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A chunked transcript that only grew in the cluster is pulled by appending its new lines to the
 * other machine's live file (same inode, no copy of the file), with exactly the bytes and mtime a
 * full rewrite gives; a local change, Claude Code appending meanwhile, or a kill at any point of
 * the append lose no line, leave no half line, and the next sync converges.
 */
class PullAppendTest {

    private static final String SESSION = "eeeeeeee-0000-4000-8000-0000000000a1";

    @TempDir
    Path tmp;

    private Machine a;
    private Machine b;
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void twoMachinesShareALargeSession() throws IOException {
        a = chunking(new Machine(tmp, "a", "alice", "linux", "src/proj"));
        b = chunking(new Machine(tmp, "b", "bob", "linux", "work/proj"));
        ids.addAll(a.appendSession(SESSION, 400));
        a.ok("init", a.root.toString(), "--remote", cluster());
        b.ok("join", b.root.toString(), "--remote", cluster());
        b.ok("sync");
    }

    @Test
    void anAppendedChunkedTranscriptIsAppendedToTheOtherMachinesFileAsAFullRewriteWouldWriteIt() throws Exception {
        Path onB = file(b);
        Object inode = Files.getAttribute(onB, "unix:ino");
        byte[] before = Files.readAllBytes(onB);
        appendOnA(60);

        b.ok("sync");

        assertEquals(inode, Files.getAttribute(onB, "unix:ino"), "the new lines were appended to B's file, not a new file");
        byte[] after = Files.readAllBytes(onB);
        assertArrayEquals(before, Arrays.copyOf(after, before.length), "B's lines before the append are as they were");
        assertSameAsAFullRewrite(onB);
        assertEveryLineOnceWithOwnPaths(b);
        assertNoBackupOf(b);
        String commits = git("rev-list", "--count", "project/proj");
        b.ok("sync");
        a.ok("sync");
        assertEquals(commits, git("rev-list", "--count", "project/proj"), "the append pulled is not pushed back");
        assertEquals(inode, Files.getAttribute(onB, "unix:ino"));
    }

    @Test
    void severalAppendsInARowEachAppendOnlyTheirLines() throws Exception {
        Path onB = file(b);
        Object inode = Files.getAttribute(onB, "unix:ino");
        for (int round = 0; round < 4; round++) {
            appendOnA(5 + 40 * round);
            b.ok("sync");
            assertEquals(inode, Files.getAttribute(onB, "unix:ino"), "round " + round);
        }
        assertSameAsAFullRewrite(onB);
        assertEveryLineOnceWithOwnPaths(b);
    }

    @Test
    void aLocalChangeIsMergedNotOverwrittenAndNothingIsLost() throws Exception {
        appendOnA(50);
        ids.addAll(b.appendSession(SESSION, 7));
        assertTheNextSyncsConverge();
    }

    @Test
    void claudeCodeAppendingAfterTheCheckIsNeitherInterleavedNorLost() throws Exception {
        appendOnA(50);
        Path onB = file(b);
        List<String> claude = new ArrayList<>();
        SyncReport report = syncInProcess(b, new SyncProgress() {
            private String phase = "";

            @Override
            public void total(String p, long files, long bytes) {
                phase = p;
            }

            @Override
            public void onFile(String rel, long bytes) {
                if (phase.equals("pull") && claude.isEmpty()) {
                    try {
                        claude.addAll(b.appendSession(SESSION, 1));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        });
        assertTrue(report.diagnostics().stream().anyMatch(d -> d.message().contains("changed while syncing")), report.diagnostics().toString());
        assertEquals(401, Files.readString(onB).lines().count(), "B's file holds its lines and Claude's, nothing else");
        ids.addAll(claude);
        assertTheNextSyncsConverge();
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"pull.append.before-write:1", "pull.append.after-write:1", "pull.append.after-stamp:1",
        "state.before-save:1", "state.after-save:1"})
    void aKilledAppendIsFinishedOrRedoneByTheNextSync(String point) throws Exception {
        Path onB = file(b);
        Object inode = Files.getAttribute(onB, "unix:ino");
        byte[] before = Files.readAllBytes(onB);
        appendOnA(60);
        String commits = git("rev-list", "--count", "project/proj");

        assertEquals(137, CrashSafetyTest.child(b, point, "sync"), "reached " + point);
        byte[] crashed = Files.readAllBytes(onB);
        assertTrue(Arrays.equals(before, crashed) || crashed.length > before.length
                && Arrays.equals(before, Arrays.copyOf(crashed, before.length)) && crashed[crashed.length - 1] == '\n',
                "B's file is as it was or holds whole new lines after it");

        b.ok("sync");
        assertEquals(inode, Files.getAttribute(onB, "unix:ino"), "finished by appending");
        assertEquals(commits, git("rev-list", "--count", "project/proj"), "nothing pulled was pushed back");
        assertSameAsAFullRewrite(onB);
        assertEveryLineOnceWithOwnPaths(b);
        assertNoJournalLeft(b);
    }

    @Test
    void aTornAppendIsCompletedByTheNextSyncNeverTakenForAHalfLine() throws Exception {
        String commits = tornAppendOnB();

        Machine.Result r = b.ok("sync", "--verbose");

        assertTrue(r.out().contains("finished appending") || r.err().contains("finished appending"), r.toString());
        assertEquals(commits, git("rev-list", "--count", "project/proj"), "the half line was never pushed");
        assertSameAsAFullRewrite(file(b));
        assertEveryLineOnceWithOwnPaths(b);
        a.ok("sync");
        assertEveryLineOnceWithOwnPaths(a);
    }

    @Test
    void claudeCodeAppendingAfterATornAppendKeepsEveryLineAndLeavesNoHalfLine() throws Exception {
        tornAppendOnB();
        ids.addAll(b.appendSession(SESSION, 3));

        Machine.Result r = b.ok("sync");

        assertTrue(r.err().contains("removed part of a line"), r.toString());
        assertTheNextSyncsConverge();
    }

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {"pull.append.before-write:1", "pull.append.after-write:1", "pull.append.after-stamp:1"})
    void claudeCodeAppendingAfterAKilledAppendKeepsEveryLine(String point) throws Exception {
        appendOnA(60);
        assertEquals(137, CrashSafetyTest.child(b, point, "sync"));
        ids.addAll(b.appendSession(SESSION, 3));
        assertTheNextSyncsConverge();
    }

    // ---- helpers ----

    /** B syncs (merging whatever it holds), then A, then B again: both hold every line once, in one order, and no journal is left. */
    private void assertTheNextSyncsConverge() throws IOException {
        b.ok("sync");
        a.ok("sync");
        b.ok("sync");
        assertEveryLineOnceWithOwnPaths(a);
        assertEveryLineOnceWithOwnPaths(b);
        assertEquals(uuids(a), uuids(b), "both hold the same lines in the same order");
        assertNoJournalLeft(b);
    }

    private void appendOnA(int records) throws IOException {
        ids.addAll(a.appendSession(SESSION, records));
        a.ok("sync");
    }

    /**
     * A appends; B's sync is killed once it appended, and B's file is then cut inside a line of
     * what was appended, as a write killed part-way leaves it. Returns the cluster's commit count.
     */
    private String tornAppendOnB() throws Exception {
        long size = Files.size(file(b));
        appendOnA(60);
        String commits = git("rev-list", "--count", "project/proj");
        assertEquals(137, CrashSafetyTest.child(b, "pull.append.after-write:1", "sync"));
        tear(file(b), size);
        return commits;
    }

    /** Cuts the file inside a line past {@code from}. */
    private static void tear(Path file, long from) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long torn = from + (f.length() - from) / 2;
            f.seek(torn - 1);
            while (f.read() == '\n') {
                torn--;
                f.seek(torn - 1);
            }
            f.setLength(torn);
        }
    }

    private String cluster() {
        return tmp.resolve("cluster.git").toString();
    }

    private static Machine chunking(Machine m) {
        return m.set("CONVERGENCE_GIT_CHUNK_THRESHOLD", "65536").set("CONVERGENCE_GIT_CHUNK_SIZE", "16384");
    }

    private static Path file(Machine m) {
        return m.contextDir().resolve(SESSION + ".jsonl");
    }

    /**
     * The file a full rewrite gives: a machine with B's home and project root (so the same paths)
     * but its own Claude and Convergence dirs joins and pulls the whole transcript. Same bytes,
     * same mtime (the newest record's).
     */
    private void assertSameAsAFullRewrite(Path onB) throws IOException {
        Machine twin = chunking(new Machine(tmp, "b", "bob", "linux", "work/proj"))
                .set("CLAUDE_CONFIG_DIR", tmp.resolve("twin-claude").toString())
                .set("CONVERGENCE_HOME", tmp.resolve("twin-convergence").toString())
                .set("CONVERGENCE_MACHINE_ID", "b-twin");
        if (!Files.exists(ProjectState.fileOf(tmp.resolve("twin-convergence"), ProjectId.of("proj")))) {
            twin.ok("join", twin.root.toString(), "--remote", cluster());
        } else {
            twin.ok("sync");
        }
        Path full = file(twin);
        assertArrayEquals(Files.readAllBytes(full), Files.readAllBytes(onB), "the bytes a full rewrite writes");
        assertEquals(Files.getLastModifiedTime(full), Files.getLastModifiedTime(onB), "the mtime a full rewrite gives");
    }

    private void assertEveryLineOnceWithOwnPaths(Machine m) throws IOException {
        String text = Files.readString(file(m));
        for (String id : ids) {
            assertEquals(1, ClusterEndToEndTest.count(text, "\"uuid\":\"" + id + "\""), m.name + " holds " + id + " exactly once");
        }
        assertEquals(ids.size(), text.lines().count(), m.name + " holds no other line");
        assertTrue(text.endsWith("\n"), m.name + "'s file ends with a whole line");
        assertFalse(text.contains(m == a ? "bob" : "alice"), m.name + "'s paths are its own");
    }

    /** The records of {@code m}'s transcript, in order: what every machine must agree on. */
    private static List<String> uuids(Machine m) throws IOException {
        java.util.regex.Matcher mt = java.util.regex.Pattern.compile("\"uuid\":\"([^\"]+)\"").matcher(Files.readString(file(m)));
        List<String> out = new ArrayList<>();
        while (mt.find()) {
            out.add(mt.group(1));
        }
        return out;
    }

    private static void assertNoBackupOf(Machine m) throws IOException {
        Path backups = m.home.resolve(".convergence").resolve("backups");
        if (Files.isDirectory(backups)) {
            try (Stream<Path> s = Files.walk(backups)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().equals(SESSION + ".jsonl")), "no backup of an append");
            }
        }
    }

    private static void assertNoJournalLeft(Machine m) throws IOException {
        Path dir = m.home.resolve(".convergence").resolve("appends");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                assertTrue(s.allMatch(Files::isDirectory), "no journal entry or block left");
            }
        }
    }

    private SyncReport syncInProcess(Machine m, SyncProgress progress) {
        Projects projects = new Projects(m.env(), ProviderRegistry.discover());
        ProjectState state = ProjectState.load(m.env().convergenceHome(), ProjectId.of("proj")).orElseThrow();
        try (Transport t = projects.open(ClusterUri.parse(cluster()), state)) {
            return new ProjectSync(m.env()).run(state, t, ProjectSync.Mode.SYNC, false, progress);
        }
    }

    private String git(String... args) throws Exception {
        return CrashSafetyTest.git(cluster(), args);
    }
}
