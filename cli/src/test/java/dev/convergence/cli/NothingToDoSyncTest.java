package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sync with nothing to do ends without opening the cluster (StartupClassLoadTest shows it loads
 * no JGit); these check it never skips something a full sync would have done.
 */
class NothingToDoSyncTest {

    private static final String S1 = "11111111-aaaa-4aaa-8aaa-000000000001";
    private static final String S2 = "22222222-aaaa-4aaa-8aaa-000000000002";

    @TempDir
    Path tmp;

    private String cluster() {
        return tmp.resolve("cluster.git").toString();
    }

    private static String state(Machine m) throws IOException {
        return Files.readString(m.home.resolve(".convergence/projects/proj.json"));
    }

    /** A appends to its session and syncs; B's next sync must bring every new line. */
    private static void appendOnAReachesB(Machine a, Machine b, String why) throws IOException {
        List<String> more = a.appendSession(S1, 2);
        a.ok("sync");
        b.ok("sync");
        String onB = Files.readString(b.contextDir().resolve(S1 + ".jsonl"));
        for (String id : more) {
            assertTrue(onB.contains(id), why);
        }
    }

    /** A made the project with one session; B joined and synced once more (so it has settled). */
    private Machine[] joinedAndSynced(String osOfB) throws IOException {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", osOfB, "work/proj");
        a.appendSession(S1, 3);
        a.ok("init", a.root.toString(), "--remote", cluster());
        b.ok("join", b.root.toString(), "--remote", cluster());
        b.ok("sync");
        return new Machine[] {a, b};
    }

    @Test
    void aSettledMachineStillGetsEveryChangeAndSendsItsOwn() throws IOException {
        Machine[] ab = joinedAndSynced("darwin");
        Machine a = ab[0];
        Machine b = ab[1];
        assertTrue(state(b).contains("\"settled\""), "a sync that left nothing pending says so");
        String settled = state(b);
        Machine.Result quiet = b.ok("sync");
        assertTrue(quiet.out().contains("(up to date)"), quiet.out());

        appendOnAReachesB(a, b, "the cluster moved: B pulled A's new lines");
        assertFalse(state(b).equals(settled));

        List<String> fromB = b.appendSession(S1, 2);
        Machine.Result pushed = b.ok("sync");
        assertTrue(pushed.out().contains("pushed 1 file"), pushed.out());
        a.ok("sync");
        String onA = Files.readString(a.contextDir().resolve(S1 + ".jsonl"));
        for (String id : fromB) {
            assertTrue(onA.contains(id), "B's local change was pushed, not skipped");
        }
        Files.createDirectories(b.contextDir().resolve("memory"));
        Files.writeString(b.contextDir().resolve("memory/notes.md"), "from bob\n");
        assertTrue(b.ok("sync").out().contains("pushed 1 file"), "a new local file is pushed");
    }

    @Test
    void aFileThatCouldNotBePulledIsTriedAgainWhileTheClusterStaysPut() throws IOException {
        Machine[] ab = joinedAndSynced("linux");
        Machine a = ab[0];
        Machine b = ab[1];
        a.appendSession(S2, 2);
        a.ok("sync");
        // Something occupies the new session's path on B: the pull cannot write it.
        Path blocked = Files.createDirectories(b.contextDir().resolve(S2 + ".jsonl"));
        Machine.Result failed = b.run("sync");
        assertTrue(failed.err().contains("not pulled"), failed.err());
        assertFalse(state(b).contains("\"settled\""), "a sync that left a file behind is not settled");
        Machine.Result again = b.run("sync");
        assertTrue(again.err().contains("not pulled"), "still tried, still reported: " + again.err());
        Files.delete(blocked);
        b.ok("sync");
        assertTrue(Files.isRegularFile(b.contextDir().resolve(S2 + ".jsonl")), "pulled once the path is free, with no new commit in the cluster");
        assertTrue(state(b).contains("\"settled\""));
    }

    @Test
    void anOpenConflictKeepsTheFullSync() throws IOException {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "linux", "work/proj");
        Files.createDirectories(a.contextDir().resolve("memory"));
        Files.writeString(a.contextDir().resolve("memory/notes.md"), "line\n");
        a.appendSession(S1, 1);
        a.ok("init", a.root.toString(), "--remote", cluster());
        b.ok("join", b.root.toString(), "--remote", cluster());
        Files.writeString(a.contextDir().resolve("memory/notes.md"), "alice's line\n");
        Files.writeString(b.contextDir().resolve("memory/notes.md"), "bob's line\n");
        a.ok("sync");
        Machine.Result conflict = b.run("sync");
        assertTrue(conflict.err().contains("conflict: memory/notes.md"), conflict.err());
        assertFalse(state(b).contains("\"settled\""));
        Machine.Result still = b.run("sync");
        assertTrue(still.err().contains("conflict: memory/notes.md"), "an open conflict is reported on every sync: " + still.err());
        assertEquals(0, still.code(), still.toString());
    }

    @Test
    void anEncryptedProjectSettlesAndStillGetsEveryChange() throws IOException {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj").set("CONVERGENCE_PASSPHRASE", "a passphrase");
        Machine b = new Machine(tmp, "b", "bob", "linux", "work/proj").set("CONVERGENCE_PASSPHRASE", "a passphrase");
        a.appendSession(S1, 2);
        a.ok("init", a.root.toString(), "--remote", cluster(), "--encrypt");
        b.ok("join", b.root.toString(), "--remote", cluster());
        b.ok("sync");
        assertTrue(state(b).contains("\"settled\""));
        assertTrue(b.ok("sync").out().contains("(up to date)"));
        appendOnAReachesB(a, b, "the encrypted cluster moved: B pulled A's new lines");
    }
}
