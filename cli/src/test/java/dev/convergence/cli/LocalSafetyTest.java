package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Safe locations, doctor's look at local state, and the hook's sync racing a manual one. */
class LocalSafetyTest {

    private static final String SESSION = "abababab-0000-4000-8000-000000000001";

    @TempDir
    Path tmp;

    private Machine a;
    private String cluster;

    @BeforeEach
    void oneProject() throws IOException {
        cluster = tmp.resolve("cluster.git").toString();
        a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        a.appendSession(SESSION, 2);
        a.ok("init", a.root.toString(), "--remote", cluster);
    }

    @Test
    void aSymlinkedContextDirIsRefusedUnlessFollowSymlinks() throws IOException {
        Path real = tmp.resolve("elsewhere");
        Files.move(a.contextDir(), real);
        Files.createSymbolicLink(a.contextDir(), real);
        Machine.Result r = a.run("sync");
        assertEquals(2, r.code(), r.toString());
        assertTrue(r.err().contains("symbolic link") && r.err().contains("--follow-symlinks"), r.err());
        a.ok("sync", "--follow-symlinks");
        a.ok("sync");
        assertTrue(Files.isSymbolicLink(a.contextDir()), "the link is left as it is");
    }

    @Test
    void doctorReportsLocalStateAndIsNotSafeWhenStateIsCorrupt() throws IOException {
        Machine.Result ok = a.ok("doctor", a.root.toString());
        assertTrue(ok.out().contains("Local state:") && ok.out().contains("clone of proj: ok")
                && ok.out().contains("no sync of proj is running") && ok.out().contains("Claude Code hook: not installed"), ok.out());
        Files.writeString(a.home.resolve(".convergence/projects/other.json"), "{ broken");
        Machine.Result bad = a.run("doctor", a.root.toString());
        assertEquals(1, bad.code(), bad.toString());
        assertTrue(bad.out().contains("error: corrupt project state"), bad.out());
    }

    @Test
    void theHooksSyncAndAManualSyncStartedTogetherLoseNothing() throws Exception {
        Machine b = new Machine(tmp, "b", "bob", "linux", "work/proj");
        b.ok("join", b.root.toString(), "--remote", cluster);
        List<String> ids = new ArrayList<>(a.appendSession(SESSION, 5));
        Path transcript = a.contextDir().resolve(SESSION + ".jsonl");
        CompletableFuture<Machine.Result> manual = CompletableFuture.supplyAsync(() -> a.run("sync"));
        Machine.Result hook = a.runWithInput(HookSyncTest.hookJson(a.nativeRoot(), a.nativePath(transcript)), "hook-sync");
        assertEquals(0, hook.code(), hook.toString());
        Machine.Result m = manual.join();
        assertTrue(m.code() == 0 || m.code() == 9, "the manual sync ran, or said another sync is running: " + m);
        HookLogWatch.awaitLine(a, l -> l.contains(" proj "), 30);
        a.ok("sync");
        b.ok("sync");
        String onB = Files.readString(b.contextDir().resolve(SESSION + ".jsonl"));
        for (String id : ids) {
            assertEquals(1, ClusterEndToEndTest.count(onB, "\"uuid\":\"" + id + "\""), "B holds " + id + " once");
        }
    }
}
