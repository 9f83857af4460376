package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Named regressions for the merge promise: each a way users have lost or duplicated context elsewhere. */
class MergeRegressionTest {

    private static final String SESSION = "eeeeeeee-0000-4000-8000-000000000001";

    @TempDir
    Path tmp;

    private Machine a;
    private Machine b;
    private String cluster;

    @BeforeEach
    void twoMachinesShareOneSession() throws IOException {
        cluster = tmp.resolve("cluster.git").toString();
        a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        b = new Machine(tmp, "b", "bob", "darwin", "work/proj");
        a.appendSession(SESSION, 2);
        a.ok("init", a.root.toString(), "--remote", cluster);
        b.ok("join", b.root.toString(), "--remote", cluster);
    }

    private void syncAll() {
        for (int i = 0; i < 2; i++) {
            a.ok("sync");
            b.ok("sync");
        }
    }

    private String session(Machine m) throws IOException {
        return Files.readString(m.contextDir().resolve(SESSION + ".jsonl"));
    }

    private String clusterSession() throws Exception {
        Process p = new ProcessBuilder("git", "--git-dir", cluster, "show", "project/proj:context/" + SESSION + ".jsonl").start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    private void appendLine(Machine m, String json) throws IOException {
        Files.writeString(m.contextDir().resolve(SESSION + ".jsonl"), json, StandardOpenOption.APPEND);
    }

    @Test
    void aSessionGrownOnBothMachinesKeepsEveryLineOnceEverywhere() throws Exception {
        List<String> ids = new ArrayList<>(a.appendSession(SESSION, 3));
        ids.addAll(b.appendSession(SESSION, 2));
        syncAll();
        for (String id : ids) {
            assertEquals(1, ClusterEndToEndTest.count(clusterSession(), "\"uuid\":\"" + id + "\""));
            assertEquals(1, ClusterEndToEndTest.count(session(a), "\"uuid\":\"" + id + "\""));
            assertEquals(1, ClusterEndToEndTest.count(session(b), "\"uuid\":\"" + id + "\""));
        }
        assertEquals(clusterSession().lines().count(), session(a).lines().count());
    }

    @Test
    void aMachineThatOnlyPushesAndAppendsAgainStillReceivesTheOtherMachinesLines() throws Exception {
        // Found by the simulation (seed 219): after a push-only merge, the local copy is behind
        // the cluster; the next append must not be taken for a fast-forward of the merged base.
        List<String> ids = new ArrayList<>(a.appendSession(SESSION, 3));
        a.ok("sync");
        ids.addAll(b.appendSession(SESSION, 2));
        b.ok("push");
        ids.addAll(b.appendSession(SESSION, 2));
        syncAll();
        for (String id : ids) {
            assertEquals(1, ClusterEndToEndTest.count(session(b), "\"uuid\":\"" + id + "\""), "b holds " + id);
            assertEquals(1, ClusterEndToEndTest.count(session(a), "\"uuid\":\"" + id + "\""), "a holds " + id);
        }
    }

    @Test
    void aPushOnlyMergeOfTextDoesNotTurnTheOtherMachinesAdditionsIntoDeletions() throws Exception {
        // Found by the simulation (seeds 2272, 3029): B pushed its MEMORY.md and notes.md without
        // pulling, so the cluster copies held A's text that B's files never had; B's next merge
        // took that version as its base and read A's entries and edits as deleted by B.
        Path memoryA = a.contextDir().resolve("memory/MEMORY.md");
        Path notesA = a.contextDir().resolve("memory/notes.md");
        Files.createDirectories(notesA.getParent());
        Files.writeString(notesA, "# Notes\none\ntwo\nthree\nfour\n");
        syncAll();
        Files.writeString(memoryA, "- [Entry from alice](a.md)\n");
        Files.writeString(notesA, "# Notes\none\nTWO by alice\nthree\nfour\n");
        a.ok("sync");
        Path memoryB = b.contextDir().resolve("memory/MEMORY.md");
        Path notesB = b.contextDir().resolve("memory/notes.md");
        Files.writeString(memoryB, "- [Entry from bob](b.md)\n");
        Files.writeString(notesB, "# Notes\none\ntwo\nthree\nFOUR by bob\n");
        b.ok("push");
        Files.writeString(memoryB, "- [Entry from bob](b.md)\n- [Second from bob](c.md)\n");
        syncAll();
        for (Machine m : List.of(a, b)) {
            String memory = Files.readString(m.contextDir().resolve("memory/MEMORY.md"));
            for (String entry : List.of("Entry from alice", "Entry from bob", "Second from bob")) {
                assertTrue(memory.contains(entry), m.name + " lost " + entry + ": " + memory);
            }
            String notes = Files.readString(m.contextDir().resolve("memory/notes.md"));
            assertEquals("# Notes\none\nTWO by alice\nthree\nFOUR by bob\n", notes, m.name + ": both edits kept, neither reverted");
        }
    }

    @Test
    void aLineHoldingAnotherMachinesRootLiterallyNeverDriftsOrDuplicates() throws Exception {
        String aRoot = a.nativeRoot();
        appendLine(b, "{\"type\":\"user\",\"uuid\":\"lit-1\",\"cwd\":" + Machine.json(b.nativeRoot())
                + ",\"message\":{\"content\":\"on the other laptop it lives in " + aRoot + "/src/main.py\"}}\n");
        syncAll();
        a.appendSession(SESSION, 1);
        syncAll();
        String c = clusterSession();
        assertEquals(1, ClusterEndToEndTest.count(c, "\"uuid\":\"lit-1\""), c);
        assertTrue(c.contains("lives in " + aRoot + "/src/main.py"), "B's text is kept as B wrote it: " + c);
        assertTrue(session(a).contains("lives in " + aRoot + "/src/main.py"));
    }

    @Test
    void aLiteralSentinelInTextStaysLiteralOnEveryMachine() throws Exception {
        appendLine(a, "{\"type\":\"user\",\"uuid\":\"sent-1\",\"message\":{\"content\":\"the template uses {{CC_HOME}} and {{CC_HOME_LIT}}\"}}\n");
        syncAll();
        assertTrue(clusterSession().contains("uses {{CC_HOME_LIT}} and {{CC_HOME_LIT_LIT}}"), clusterSession());
        assertTrue(session(b).contains("uses {{CC_HOME}} and {{CC_HOME_LIT}}"), session(b));
        assertEquals(1, ClusterEndToEndTest.count(session(a), "sent-1"));
    }

    @Test
    void aMemoryOverlapKeepsBothSidesAndStatusListsIt() throws Exception {
        Path notesA = a.contextDir().resolve("memory/notes.md");
        Files.createDirectories(notesA.getParent());
        Files.writeString(notesA, "# Notes\nshared line\nend\n");
        syncAll();
        Files.writeString(notesA, "# Notes\nalice's version\nend\n");
        Files.writeString(b.contextDir().resolve("memory/notes.md"), "# Notes\nbob's version\nend\n");
        a.ok("sync");
        Machine.Result r = b.run("sync");
        assertTrue(r.err().contains("conflict: memory/notes.md"), r.toString());
        a.ok("sync");
        for (Machine m : List.of(a, b)) {
            String text = Files.readString(m.contextDir().resolve("memory/notes.md"));
            assertTrue(text.contains("alice's version") && text.contains("bob's version"), m.name + ": " + text);
        }
        assertTrue(b.ok("status").out().contains("memory/notes.md"), "status lists the conflict to resolve");
    }

    @Test
    void aHalfWrittenLastLineWaitsUntilItIsComplete() throws Exception {
        String partial = "{\"type\":\"assistant\",\"uuid\":\"half-1\",\"message\":{\"content\":\"still wri";
        appendLine(a, partial);
        a.ok("sync");
        b.ok("sync");
        assertFalse(session(b).contains("half-1"), "an unterminated line is not a line yet");
        assertTrue(session(a).endsWith(partial), "A's own bytes are untouched");
        appendLine(a, "ting\"}}\n");
        syncAll();
        assertEquals(1, ClusterEndToEndTest.count(session(b), "\"uuid\":\"half-1\""));
        assertTrue(session(b).contains("still writing"));
        assertEquals(1, ClusterEndToEndTest.count(session(a), "\"uuid\":\"half-1\""));
    }
}
