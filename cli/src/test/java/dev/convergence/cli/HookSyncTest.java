package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hook-sync} fails soft: exit 0 at once, nothing on stdout, one line in the hook log. */
class HookSyncTest {

    @TempDir
    Path tmp;

    static String hookJson(String cwd, String transcript) {
        return "{\"session_id\":\"5a1e0b1c-0000-4000-8000-000000000001\",\"transcript_path\":" + Machine.json(transcript)
                + ",\"cwd\":" + Machine.json(cwd) + ",\"hook_event_name\":\"Stop\",\"stop_hook_active\":false}";
    }

    private Machine machine() throws IOException {
        return new Machine(tmp, "a", "alice", "linux", "src/proj");
    }

    /** Runs the hook in-process and checks the promises every outcome keeps. */
    private static Machine.Result hook(Machine m, String stdin) {
        long start = System.nanoTime();
        Machine.Result r = m.runWithInput(stdin, "hook-sync");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.out(), "never prints to stdout");
        assertEquals("", r.err());
        assertTrue(millis < 5_000, "returns at once, not after a sync: " + millis + " ms");
        return r;
    }

    @Test
    void aCwdInNoRegisteredProjectIsLoggedAndSkipped() throws Exception {
        Machine m = machine();
        m.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 1);
        m.ok("init", m.root.toString(), "--remote", tmp.resolve("cluster.git").toString());
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        hook(m, hookJson(elsewhere.toString(), elsewhere.resolve("t.jsonl").toString()));
        List<String> log = HookLogWatch.lines(m);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("Stop - 5a1e0b1c skipped: " + elsewhere + " is in no registered project"), log.get(0));
    }

    @Test
    void aMachineWithNoConvergenceConfigAtAllIsLoggedAndSkipped() throws Exception {
        Machine m = machine();
        hook(m, hookJson(m.root.toString(), m.root.resolve("t.jsonl").toString()));
        List<String> log = HookLogWatch.lines(m);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("skipped: no project is registered on this machine"), log.get(0));
    }

    @Test
    void malformedStdinIsLoggedAndSkipped() throws Exception {
        Machine m = machine();
        hook(m, "{\"session_id\": \"x\", \"cwd\": ");
        List<String> log = HookLogWatch.lines(m);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("skipped: the hook input is not a JSON object"), log.get(0));
    }

    @Test
    void emptyStdinIsLoggedAndSkipped() throws Exception {
        Machine m = machine();
        hook(m, "");
        List<String> log = HookLogWatch.lines(m);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).contains("skipped: the hook input on stdin is empty"), log.get(0));
    }

    @Test
    void aBrokenRemoteIsLoggedOnceByTheBackgroundSync() throws Exception {
        Machine m = machine();
        m.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 1);
        Path cluster = tmp.resolve("cluster.git");
        m.ok("init", m.root.toString(), "--remote", cluster.toString());
        try (Stream<Path> walk = Files.walk(cluster)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        hook(m, hookJson(m.root.toString(), m.contextDir().resolve("absent.jsonl").toString()));
        String line = HookLogWatch.awaitLine(m, l -> l.contains(" proj "), 30);
        assertTrue(line.contains("Stop proj 5a1e0b1c failed: "), line);
        Thread.sleep(300);
        assertEquals(1, HookLogWatch.lines(m).size(), "one line per run: " + HookLogWatch.lines(m));
    }

    @Test
    void theForegroundLoadsNoTransportLibrariesAndPrintsNothing() throws Exception {
        Machine m = machine();
        m.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 1);
        m.ok("init", m.root.toString(), "--remote", tmp.resolve("cluster.git").toString());
        Path classLog = tmp.resolve("classes.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "hook-sync"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(m.root.toFile());
        pb.environment().clear();
        pb.environment().putAll(m.vars());
        Process p = pb.start();
        p.getOutputStream().write(hookJson(m.root.resolve("src").toString(), m.contextDir().resolve("x.jsonl").toString())
                .getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertEquals("", out);
        String loaded = Files.readString(classLog);
        assertTrue(loaded.contains("dev.convergence.core.hook.DetachedProcess"), "the hand-off ran");
        for (String heavy : List.of("org.eclipse.jgit", "software.amazon", "org.apache.commons.vfs2", "dev.convergence.transport", "picocli")) {
            assertFalse(loaded.contains(heavy), "the foreground loaded " + heavy);
        }
        HookLogWatch.awaitLine(m, l -> l.contains(" proj "), 30);
    }
}
