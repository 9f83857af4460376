package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Promise 4: a sync killed at any point leaves every local file either untouched or fully
 * updated (never truncated, no temp file in the context dir), the cluster on the old or the new
 * snapshot, and the next sync completes and converges with no lost line. The sync runs in a
 * child JVM that halts itself (as abruptly as SIGKILL) at the named injection point.
 */
class CrashSafetyTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "killed at {0}")
    @ValueSource(strings = {
        "push.stage:1", "push.stage:2", "publish.before", "publish.after", "sync.between-push-and-pull",
        "pull.before-backup:1", "pull.after-backup:1", "pull.before-write:1", "pull.after-write:1",
        "pull.before-write:2", "pull.after-write:2", "replace.before-rename:1", "replace.after-rename:1",
        "replace.before-rename:2", "replace.after-rename:2", "atomic.mid-write:1", "atomic.before-rename:1",
        "atomic.after-rename:1", "state.before-save", "state.after-save", "push.merge:2"})
    void aKilledSyncLosesNothingAndTheNextSyncConverges(String point) throws Exception {
        String cluster = tmp.resolve("cluster.git").toString();
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "linux", "work/proj");
        List<String> written = new ArrayList<>(a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 3));
        written.addAll(a.appendSession("aaaaaaaa-0000-4000-8000-000000000002", 2));
        a.ok("init", a.root.toString(), "--remote", cluster);
        b.ok("join", b.root.toString(), "--remote", cluster);
        // B moves on: appends to one session, starts another, and pushes.
        written.addAll(b.appendSession("aaaaaaaa-0000-4000-8000-000000000002", 2));
        written.addAll(b.appendSession("bbbbbbbb-0000-4000-8000-000000000003", 2));
        b.ok("sync");
        // A moves on too, then its sync (push and pull in both directions) is killed.
        written.addAll(a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 2));
        written.addAll(a.appendSession("aaaaaaaa-0000-4000-8000-000000000004", 2));
        Map<String, byte[]> before = files(a.contextDir());
        String tokenBefore = git(cluster, "rev-parse", "project/proj");

        int code = child(a, point, "sync");
        assertEquals(137, code, "the sync reached injection point " + point + " and was killed there");

        try (Stream<Path> s = Files.walk(a.contextDir())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".convergence-tmp")), "no temp file left in the context dir");
        }
        Map<String, byte[]> crashed = files(a.contextDir());
        String tokenAfterCrash = git(cluster, "rev-parse", "project/proj");
        git(cluster, "fsck", "--no-progress");
        assertTrue(tokenAfterCrash.equals(tokenBefore) || git(cluster, "rev-list", "project/proj").contains(tokenBefore),
                "the cluster holds the old snapshot or a new one built on it");

        a.ok("sync");
        b.ok("sync");
        a.ok("sync");
        Map<String, byte[]> recovered = files(a.contextDir());
        for (Map.Entry<String, byte[]> e : crashed.entrySet()) {
            byte[] old = before.get(e.getKey());
            byte[] now = recovered.get(e.getKey());
            assertTrue(java.util.Arrays.equals(e.getValue(), old) || java.util.Arrays.equals(e.getValue(), now),
                    e.getKey() + " was neither as before nor fully updated after the kill");
        }
        for (Machine m : List.of(a, b)) {
            String text = ClusterEndToEndTest.allText(m.contextDir());
            for (String id : written) {
                assertEquals(1, ClusterEndToEndTest.count(text, "\"uuid\":\"" + id + "\""), m.name + " holds " + id + " once");
            }
        }
    }

    /** Every regular file below {@code dir}, by relative path, with its bytes. */
    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    static int child(Machine m, String crashAt, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "dev.convergence.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(m.root.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(m.env().variables());
        env.put("CONVERGENCE_CRASH_AT", crashAt);
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child sync finished");
        return p.exitValue();
    }

    static String git(String cluster, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir", cluster));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.strip();
    }
}
