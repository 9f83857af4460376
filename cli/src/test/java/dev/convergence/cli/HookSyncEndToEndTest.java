package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Stop hook end to end: Claude Code (a writer thread) is still flushing the turn when the hook
 * fires; {@code hook-sync} returns at once; the background JVM waits for the transcript to settle
 * and pushes all of it; another machine's sync sees every line.
 */
class HookSyncEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void theBackgroundSyncPushesTheWholeTranscriptIncludingLinesWrittenAfterTheHookFired() throws Exception {
        String cluster = tmp.resolve("cluster.git").toString();
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "darwin", "work/proj");
        String session = "5e551011-aaaa-4aaa-8aaa-000000000001";
        List<String> ids = Collections.synchronizedList(new ArrayList<>(a.appendSession(session, 3)));
        a.ok("init", a.root.toString(), "--remote", cluster);
        b.ok("join", b.root.toString(), "--remote", cluster);

        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread claude = new Thread(() -> {
            try {
                for (int i = 0; i < 12; i++) {
                    ids.addAll(a.appendSession(session, 1));
                    Thread.sleep(100);
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        claude.start();
        Path transcript = a.contextDir().resolve(session + ".jsonl");
        Path subdir = Files.createDirectories(a.root.resolve("src"));
        Machine.Result r = a.runWithInput(HookSyncTest.hookJson(a.nativePath(subdir), a.nativePath(transcript)), "hook-sync");
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.out());
        assertTrue(claude.isAlive(), "the hook returned while the session was still writing");
        claude.join();
        assertEquals(null, failed.get());
        assertEquals(15, ids.size());

        String line = HookLogWatch.awaitLine(a, l -> l.contains(" proj "), 30);
        assertTrue(line.contains("Stop proj 5a1e0b1c synced: pushed 1"), line);

        b.ok("sync");
        String onB = Files.readString(b.contextDir().resolve(session + ".jsonl"));
        for (String id : ids) {
            assertEquals(1, ClusterEndToEndTest.count(onB, "\"uuid\":\"" + id + "\""), "B holds " + id + " once");
        }
        assertEquals(15, onB.lines().count());
    }
}
