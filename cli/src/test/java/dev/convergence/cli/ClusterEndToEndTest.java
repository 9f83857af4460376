package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole machines in temp dirs sharing one git cluster (a local bare repository). */
class ClusterEndToEndTest {

    private static final String CHUNKED_SESSION = "eeeeeeee-0000-4000-8000-000000000001";

    @TempDir
    Path tmp;

    private String cluster() {
        return tmp.resolve("cluster.git").toString();
    }

    @Test
    void sessionsAddedOnEachSideAppearOnTheOtherWithThatMachinesPaths() throws IOException {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "darwin", "work/proj");
        List<String> fromA = a.appendSession("11111111-aaaa-4aaa-8aaa-000000000001", 5);
        a.ok("init", a.root.toString(), "--remote", cluster());
        b.ok("join", b.root.toString(), "--remote", cluster());

        Path onB = b.contextDir().resolve("11111111-aaaa-4aaa-8aaa-000000000001.jsonl");
        assertTrue(Files.isRegularFile(onB), "the session sits where Claude Code on B looks for it");
        String text = Files.readString(onB);
        for (String id : fromA) {
            assertTrue(text.contains(id));
        }
        assertTrue(text.contains("\"cwd\":" + Machine.json(b.nativeRoot())), "cwd names B's root");
        assertFalse(text.contains("alice"), "no trace of A's home or root on B");

        List<String> fromB = b.appendSession("22222222-bbbb-4bbb-8bbb-000000000002", 3);
        b.ok("sync");
        a.ok("sync");
        String onA = Files.readString(a.contextDir().resolve("22222222-bbbb-4bbb-8bbb-000000000002.jsonl"));
        for (String id : fromB) {
            assertTrue(onA.contains(id));
        }
        assertTrue(onA.contains("\"cwd\":" + Machine.json(a.nativeRoot())));
        assertFalse(onA.contains("bob"));
    }

    @Test
    void threeMachinesOneWindowsConvergeAndASecondSyncCommitsNothing() throws Exception {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "darwin", "code/proj");
        Machine c = new Machine(tmp, "c", "carol", "windows", "dev/proj");
        List<String> all = new ArrayList<>(a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 4));
        a.ok("init", a.root.toString(), "--remote", cluster());
        all.addAll(b.appendSession("bbbbbbbb-0000-4000-8000-000000000002", 4));
        b.ok("join", b.root.toString(), "--remote", cluster());
        all.addAll(c.appendSession("cccccccc-0000-4000-8000-000000000003", 4));
        c.ok("join", c.root.toString(), "--remote", cluster());
        for (int round = 0; round < 2; round++) {
            for (Machine m : List.of(a, b, c)) {
                m.ok("sync");
            }
        }
        String before = git("rev-list", "--count", "project/proj");
        for (Machine m : List.of(a, b, c)) {
            m.ok("sync");
        }
        assertEquals(before, git("rev-list", "--count", "project/proj"), "sync → sync with no edits commits nothing");

        for (Machine m : List.of(a, b, c)) {
            String text = allText(m.contextDir());
            for (String id : all) {
                assertEquals(1, count(text, "\"uuid\":\"" + id + "\""), m.name + " holds " + id + " exactly once");
            }
            for (String other : List.of("alice", "bob", "carol")) {
                if (!m.home.toString().contains(other)) {
                    assertFalse(text.contains(other), m.name + " holds a trace of " + other);
                }
            }
        }
        String onWindows = Files.readString(c.contextDir().resolve("aaaaaaaa-0000-4000-8000-000000000001.jsonl"));
        assertTrue(onWindows.contains("\"cwd\":" + Machine.json(c.nativeRoot())), "Windows paths with backslashes: " + onWindows.lines().findFirst().orElse(""));
        assertTrue(git("show", "project/proj:roster.json").contains("\"os\": \"windows\""));
    }

    @Test
    void aJoinOfManyLargeSessionsLocalizesEveryFileExactly() throws Exception {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "windows", "work/proj");
        List<List<String>> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(a.appendSession("dddddddd-0000-4000-8000-00000000000" + i, 3000));
        }
        a.ok("init", a.root.toString(), "--remote", cluster());
        b.ok("join", b.root.toString(), "--remote", cluster());
        for (int i = 0; i < 6; i++) {
            String text = Files.readString(b.contextDir().resolve("dddddddd-0000-4000-8000-00000000000" + i + ".jsonl"));
            assertEquals(3000, text.lines().count());
            for (String id : ids.get(i)) {
                assertEquals(1, count(text, "\"uuid\":\"" + id + "\""), id);
            }
            assertFalse(text.contains("alice"));
            assertEquals(3000, count(text, "\"cwd\":" + Machine.json(b.nativeRoot())));
        }
        b.ok("sync");
        assertTrue(b.ok("status").out().contains("local changes not pushed: none"));
    }

    @Test
    void aChunkedTranscriptSyncsBothWaysWithNoLineLostAndEveryPathLocalized() throws Exception {
        Machine a = chunking(new Machine(tmp, "a", "alice", "linux", "src/proj"));
        Machine b = chunking(new Machine(tmp, "b", "bob", "darwin", "work/proj"));
        List<String> ids = new ArrayList<>(a.appendSession(CHUNKED_SESSION, 400));
        a.ok("init", a.root.toString(), "--remote", cluster());
        assertTrue(chunkBlobs().size() > 4, "stored as chunks: " + git("ls-tree", "-r", "--name-only", "project/proj"));
        assertFalse(git("ls-tree", "-r", "--name-only", "project/proj").lines().anyMatch(("context/" + CHUNKED_SESSION + ".jsonl")::equals));

        b.ok("join", b.root.toString(), "--remote", cluster());
        assertHoldsExactlyOnce(b, ids);

        Path onA = a.contextDir().resolve(CHUNKED_SESSION + ".jsonl");
        Object inode = Files.getAttribute(onA, "unix:ino");
        Map<String, String> before = chunkBlobs();
        ids.addAll(a.appendSession(CHUNKED_SESSION, 60));
        a.ok("sync");
        Map<String, String> after = chunkBlobs();
        List<String> names = new ArrayList<>(before.keySet());
        for (String name : names.subList(0, names.size() - 1)) {
            assertEquals(before.get(name), after.get(name), "the append kept " + name + " as it was");
        }
        assertTrue(after.size() > before.size());
        assertEquals(inode, Files.getAttribute(onA, "unix:ino"), "the pull after the push did not rewrite A's own file");

        // The session is resumed on both machines before either syncs.
        ids.addAll(b.appendSession(CHUNKED_SESSION, 30));
        ids.addAll(a.appendSession(CHUNKED_SESSION, 20));
        a.ok("sync");
        b.ok("sync");
        a.ok("sync");
        b.ok("sync");
        String commits = git("rev-list", "--count", "project/proj");
        a.ok("sync");
        b.ok("sync");
        assertEquals(commits, git("rev-list", "--count", "project/proj"), "sync → sync with no edits commits nothing");
        assertHoldsExactlyOnce(a, ids);
        assertHoldsExactlyOnce(b, ids);
        assertEquals(Files.readString(a.contextDir().resolve(CHUNKED_SESSION + ".jsonl")).lines().count(), ids.size());
        assertEquals("", git("fsck", "--no-progress", "--strict"));
    }

    private static Machine chunking(Machine m) {
        return m.set("CONVERGENCE_GIT_CHUNK_THRESHOLD", "65536").set("CONVERGENCE_GIT_CHUNK_SIZE", "16384");
    }

    private static void assertHoldsExactlyOnce(Machine m, List<String> ids) throws IOException {
        String text = Files.readString(m.contextDir().resolve(CHUNKED_SESSION + ".jsonl"));
        for (String id : ids) {
            assertEquals(1, count(text, "\"uuid\":\"" + id + "\""), m.name + " holds " + id + " exactly once");
        }
        String other = m.name.equals("a") ? "bob" : "alice";
        assertFalse(text.contains(other), m.name + " holds a trace of " + other);
        assertTrue(text.contains("\"cwd\":" + Machine.json(m.nativeRoot())), m.name + "'s paths are its own");
    }

    @Test
    void projectsStayIsolatedOnTheirOwnBranches() throws Exception {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/one");
        a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 2);
        a.ok("init", a.root.toString(), "--remote", cluster());
        Machine a2 = new Machine(tmp, "a", "alice", "linux", "src/two");
        a2.appendSession("bbbbbbbb-0000-4000-8000-000000000002", 2);
        a2.ok("init", a2.root.toString());
        Machine.Result projects = a.ok("projects");
        List<String> rows = projects.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
        assertEquals(List.of("one", "two"), rows, projects.out());
        assertTrue(projects.out().startsWith("PROJECT"), projects.out());
        String tree = git("ls-tree", "-r", "--name-only", "project/two");
        assertFalse(tree.contains("aaaaaaaa"), tree);
    }

    @Test
    void aFileClaudeCodeCleanedUpIsNeitherDeletedFromTheClusterNorRecreated() throws Exception {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 2);
        a.ok("init", a.root.toString(), "--remote", cluster());
        Files.delete(a.contextDir().resolve("aaaaaaaa-0000-4000-8000-000000000001.jsonl"));
        a.ok("sync");
        assertTrue(git("ls-tree", "-r", "--name-only", "project/proj").contains("aaaaaaaa"));
        assertFalse(Files.exists(a.contextDir().resolve("aaaaaaaa-0000-4000-8000-000000000001.jsonl")));
    }

    @Test
    void joinWithoutAMatchingProjectListsWhatTheClusterHolds() throws IOException {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 1);
        a.ok("init", a.root.toString(), "--remote", cluster());
        Machine b = new Machine(tmp, "b", "bob", "linux", "src/other");
        Machine.Result r = b.run("join", b.root.toString(), "--remote", cluster());
        assertEquals(3, r.code(), r.toString());
        assertTrue(r.err().contains("proj"), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
    }

    private Map<String, String> chunkBlobs() throws Exception {
        Map<String, String> blobs = new LinkedHashMap<>();
        for (String line : git("ls-tree", "-r", "project/proj").split("\n")) {
            String[] cols = line.split("\\s+", 4);
            if (cols[3].startsWith("context/" + CHUNKED_SESSION + ".jsonl.chunks/")) {
                blobs.put(cols[3], cols[2]);
            }
        }
        return blobs;
    }

    private String git(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir", cluster()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.strip();
    }

    static String allText(Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                b.append(Files.readString(p));
            }
        }
        return b.toString();
    }

    static int count(String hay, String needle) {
        int n = 0;
        for (int i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
