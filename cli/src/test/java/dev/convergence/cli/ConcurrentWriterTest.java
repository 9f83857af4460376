package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Claude Code keeps appending while we sync: a writer thread appends 100 lines a second to a live
 * transcript during push, pull and sync on its machine (and another machine syncs the same
 * session meanwhile). No line is lost, none duplicated, none corrupted.
 */
class ConcurrentWriterTest {

    private static final String SESSION = "ffffffff-0000-4000-8000-000000000001";

    @TempDir
    Path tmp;

    private static int written(List<String> written) {
        synchronized (written) {
            return written.size();
        }
    }

    @Test
    void aTranscriptAppendedAt100LinesASecondDuringSyncsLosesNothing() throws Exception {
        String cluster = tmp.resolve("cluster.git").toString();
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "linux", "work/proj");
        a.appendSession(SESSION, 2);
        a.ok("init", a.root.toString(), "--remote", cluster);
        b.ok("join", b.root.toString(), "--remote", cluster);

        Path live = a.contextDir().resolve(SESSION + ".jsonl");
        AtomicBoolean stop = new AtomicBoolean();
        List<String> written = new ArrayList<>();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                for (int i = 0; !stop.get(); i++) {
                    String id = "live-" + i;
                    String line = "{\"type\":\"assistant\",\"uuid\":\"" + id + "\",\"cwd\":" + Machine.json(a.nativeRoot())
                            + ",\"message\":{\"content\":\"editing " + a.nativeRoot() + "/src/f" + i + ".py\"}}\n";
                    // Claude Code appends a line in one write; a slow writer may be seen mid-line.
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    Files.write(live, java.util.Arrays.copyOf(bytes, bytes.length / 2), StandardOpenOption.APPEND);
                    Files.write(live, java.util.Arrays.copyOfRange(bytes, bytes.length / 2, bytes.length), StandardOpenOption.APPEND);
                    synchronized (written) {
                        written.add(id);
                    }
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        String[][] steps = {{"push"}, {"sync"}, {"pull"}, {"sync"}, {"push"}, {"sync"}};
        // Keep syncing while the writer writes: every step at least once, and until it has written 30 lines.
        for (int i = 0; i < steps.length || (written(written) < 30 && i < 200 && !writer.isDone()); i++) {
            Machine.Result r = a.run(steps[i % steps.length]);
            assertTrue(r.code() == 0 || r.code() == 1, r.toString());
            b.ok("sync");
        }
        stop.set(true);
        writer.join();
        for (int i = 0; i < 2; i++) {
            a.ok("sync");
            b.ok("sync");
        }
        assertTrue(written.size() >= 30, "the writer ran during the syncs: " + written.size());
        for (Machine m : List.of(a, b)) {
            String text = Files.readString(m.contextDir().resolve(SESSION + ".jsonl"));
            for (String line : text.split("\n")) {
                Json.parse(line);
            }
            for (String id : written) {
                assertEquals(1, ClusterEndToEndTest.count(text, "\"uuid\":\"" + id + "\""), m.name + " holds " + id + " once");
            }
        }
    }
}
