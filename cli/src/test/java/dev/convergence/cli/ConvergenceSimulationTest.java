package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.Transport;
import dev.convergence.core.ProviderRegistry;
import dev.convergence.core.project.Projects;
import dev.convergence.core.rewrite.FileKind;
import dev.convergence.core.rewrite.PathRewriter;
import dev.convergence.core.state.ProjectState;
import dev.convergence.core.sync.ProjectSync;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The merge promise, tested the way users break it: three machines with different layouts (one
 * Windows) sharing one cluster, random interleavings of new sessions, appends, resuming another
 * machine's session, memory edits, index entries, Claude-Code-style cleanup, push, pull, sync, and
 * concurrent syncs that race the compare-and-swap. After every schedule each machine syncs twice;
 * then no line is lost or duplicated, every machine's canonical content equals the cluster's, and
 * one more sync publishes nothing.
 *
 * <p>{@code -Dsim.schedules=N} runs more; {@code -Dsim.seed=S} replays one (a failure prints it).
 */
class ConvergenceSimulationTest {

    private static final Pattern UUID_FIELD = Pattern.compile("\"uuid\":\"([^\"]+)\"");
    private static final int SCHEDULES = Integer.getInteger("sim.schedules", 300);
    private static final long FIRST_SEED = Long.getLong("sim.seed", 1L);

    @Test
    void randomSchedulesNeverLoseALineAndConverge() throws Exception {
        runSchedules(SCHEDULES, false);
    }

    /** The same checks, shorter, on an end-to-end encrypted project (machines join with the passphrase). */
    @Test
    void encryptedRandomSchedulesNeverLoseALineAndConverge() throws Exception {
        runSchedules(Integer.getInteger("sim.encrypted.schedules", 3), true);
    }

    private static void runSchedules(int schedules, boolean encrypt) throws Exception {
        // Schedules are independent (own temp dirs, own machines): run them two at a time, one per core.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        java.util.concurrent.atomic.AtomicLong lines = new java.util.concurrent.atomic.AtomicLong();
        List<java.util.concurrent.Future<?>> runs = new ArrayList<>();
        for (long seed = FIRST_SEED; seed < FIRST_SEED + schedules; seed++) {
            long s0 = seed;
            runs.add(pool.submit(() -> {
                lines.addAndGet(runOne(s0, encrypt));
                return null;
            }));
        }
        try {
            for (java.util.concurrent.Future<?> f : runs) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof AssertionError ae ? ae : new AssertionError(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("simulation" + (encrypt ? " (encrypted)" : "") + ": " + schedules + " schedules, " + lines.get()
                + " lines tracked, 0 failures");
    }

    private static long runOne(long seed, boolean encrypt) throws IOException {
        Path dir = Files.createTempDirectory("convergence-sim-");
        Schedule s = new Schedule(seed, dir, encrypt);
        try {
            s.run();
            return s.written.size();
        } catch (Throwable t) {
            // The cause's own message first: a CI log may keep only the first lines of a failure.
            throw new AssertionError("schedule failed (" + t + "); replay with -Dsim.seed=" + seed
                    + " -Dsim.schedules=1\nsteps:\n" + String.join("\n", s.log), t);
        } finally {
            ProjectSyncCleanup.delete(dir);
        }
    }

    /** One seeded schedule over three fresh machines. */
    private static final class Schedule {
        final Random rnd;
        final Path dir;
        final List<String> log = new ArrayList<>();
        final Set<String> written = new HashSet<>();
        final Map<String, Set<String>> cleaned = new HashMap<>();
        final Map<String, List<String>> ownSessions = new HashMap<>();
        final List<String> indexEntries = new ArrayList<>();
        Machine a;
        Machine b;
        Machine c;
        String cluster;
        final boolean encrypt;

        Schedule(long seed, Path dir, boolean encrypt) {
            this.rnd = new Random(seed);
            this.dir = dir;
            this.encrypt = encrypt;
        }

        void run() throws Exception {
            a = new Machine(dir, "a", "alice", "linux", "src/proj");
            b = new Machine(dir, "b", "bob", "darwin", "work/proj");
            c = new Machine(dir, "c", "carol", "windows", "dev/proj");
            cluster = dir.resolve("cluster.git").toString();
            newSession(a);
            memory(a, "notes.md", "# Notes\none\ntwo\nthree\nfour\nfive\n");
            if (encrypt) {
                for (Machine m : List.of(a, b, c)) {
                    m.set("CONVERGENCE_PASSPHRASE", "simulation passphrase");
                }
                step(a, "init", a.root.toString(), "--remote", cluster, "--encrypt");
            } else {
                step(a, "init", a.root.toString(), "--remote", cluster);
            }
            step(b, "join", b.root.toString(), "--remote", cluster);
            step(c, "join", c.root.toString(), "--remote", cluster);
            List<Machine> ms = List.of(a, b, c);
            int ops = 6 + rnd.nextInt(10);
            for (int i = 0; i < ops; i++) {
                Machine m = ms.get(rnd.nextInt(3));
                switch (rnd.nextInt(10)) {
                    case 0 -> newSession(m);
                    case 1 -> appendOwn(m);
                    case 2 -> resumeOther(m);
                    case 3 -> editNotes(m);
                    case 4 -> addIndexEntry(m);
                    case 5 -> cleanup(m);
                    case 6 -> step(m, "push");
                    case 7 -> step(m, "pull");
                    case 8 -> race(m, ms.get((ms.indexOf(m) + 1 + rnd.nextInt(2)) % 3));
                    default -> step(m, "sync");
                }
            }
            for (int round = 0; round < 2; round++) {
                for (Machine m : ms) {
                    step(m, "sync");
                }
            }
            verify(ms);
        }

        void step(Machine m, String... args) {
            log.add(m.name + ": convergence " + String.join(" ", args));
            Machine.Result r = m.run(args);
            assertTrue(r.code() == 0, m.name + " " + String.join(" ", args) + " → " + r);
        }

        void race(Machine x, Machine y) {
            log.add(x.name + " and " + y.name + ": sync at the same time");
            CompletableFuture<Machine.Result> fx = CompletableFuture.supplyAsync(() -> x.run("sync"));
            Machine.Result ry = y.run("sync");
            Machine.Result rx = fx.join();
            assertEquals(0, rx.code(), rx.toString());
            assertEquals(0, ry.code(), ry.toString());
        }

        void newSession(Machine m) throws IOException {
            String id = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
            ownSessions.computeIfAbsent(m.name, k -> new ArrayList<>()).add(id);
            append(m, id);
        }

        void appendOwn(Machine m) throws IOException {
            List<String> own = ownSessions.getOrDefault(m.name, List.of()).stream()
                    .filter(id -> Files.exists(m.contextDir().resolve(id + ".jsonl"))).toList();
            if (own.isEmpty()) {
                newSession(m);
            } else {
                append(m, own.get(rnd.nextInt(own.size())));
            }
        }

        void resumeOther(Machine m) throws IOException {
            List<String> present = transcripts(m).stream()
                    .filter(id -> !ownSessions.getOrDefault(m.name, List.of()).contains(id)).toList();
            if (present.isEmpty()) {
                appendOwn(m);
            } else {
                append(m, present.get(rnd.nextInt(present.size())));
            }
        }

        void append(Machine m, String session) throws IOException {
            List<String> ids = m.appendSession(session, 1 + rnd.nextInt(3));
            written.addAll(ids);
            log.add(m.name + ": append " + ids.size() + " line(s) to " + session);
        }

        void editNotes(Machine m) throws IOException {
            Path notes = m.contextDir().resolve("memory/notes.md");
            if (!Files.exists(notes)) {
                return;
            }
            List<String> lines = new ArrayList<>(Files.readAllLines(notes));
            int at = 1 + rnd.nextInt(Math.max(1, lines.size() - 1));
            if (at < lines.size()) {
                lines.set(at, "edited by " + m.name + " in " + m.nativeRoot() + " #" + rnd.nextInt(1000));
            }
            Files.writeString(notes, String.join("\n", lines) + "\n");
            log.add(m.name + ": edit memory/notes.md line " + at);
        }

        void addIndexEntry(Machine m) throws IOException {
            String entry = "- [Entry " + m.name + rnd.nextInt(100000) + "](e.md) — from " + m.nativeHome();
            Path index = m.contextDir().resolve("memory/MEMORY.md");
            Files.createDirectories(index.getParent());
            Files.writeString(index, entry + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            indexEntries.add(entry.substring(0, entry.indexOf(" — ")));
            log.add(m.name + ": add MEMORY.md entry");
        }

        void cleanup(Machine m) throws IOException {
            step(m, "sync");
            List<String> present = transcripts(m);
            if (present.isEmpty()) {
                return;
            }
            String id = present.get(rnd.nextInt(present.size()));
            Files.delete(m.contextDir().resolve(id + ".jsonl"));
            cleaned.computeIfAbsent(m.name, k -> new HashSet<>()).add(id);
            log.add(m.name + ": Claude Code cleans up " + id);
        }

        void memory(Machine m, String name, String text) throws IOException {
            Path p = m.contextDir().resolve("memory").resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text);
        }

        List<String> transcripts(Machine m) throws IOException {
            if (!Files.isDirectory(m.contextDir())) {
                return List.of();
            }
            try (Stream<Path> s = Files.list(m.contextDir())) {
                return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl"))
                        .map(n -> n.substring(0, n.length() - 6)).sorted().toList();
            }
        }

        void verify(List<Machine> ms) throws Exception {
            Projects projects = new Projects(a.env(), ProviderRegistry.discover());
            Map<String, byte[]> clusterFiles = new TreeMap<>();
            String token;
            try (Transport t = projects.open(ClusterUri.parse(cluster))) {
                Snapshot snap = t.read(ProjectId.of("proj"));
                token = snap.token().value();
                for (SnapshotEntry e : snap.entries().values()) {
                    try (InputStream in = t.open(snap, e)) {
                        clusterFiles.put(e.path(), in.readAllBytes());
                    }
                }
            }
            Map<String, Integer> inCluster = new HashMap<>();
            clusterFiles.forEach((path, bytes) -> {
                if (path.endsWith(".jsonl")) {
                    Matcher mt = UUID_FIELD.matcher(new String(bytes, StandardCharsets.UTF_8));
                    while (mt.find()) {
                        inCluster.merge(mt.group(1), 1, Integer::sum);
                    }
                }
            });
            for (String id : written) {
                assertEquals(1, inCluster.getOrDefault(id, 0), "line " + id + " in the cluster exactly once");
            }
            String index = new String(clusterFiles.getOrDefault("context/memory/MEMORY.md", new byte[0]), StandardCharsets.UTF_8);
            for (String entry : indexEntries) {
                assertTrue(index.contains(entry), "MEMORY.md entry kept: " + entry);
            }
            for (Machine m : ms) {
                ProjectState state = ProjectState.load(m.env().convergenceHome(), ProjectId.of("proj")).orElseThrow();
                PathRewriter rw = PathRewriter.of(ProjectSync.layout(m.env(), state), RewritePolicy.DEFAULT);
                for (Map.Entry<String, byte[]> e : clusterFiles.entrySet()) {
                    if (!e.getKey().startsWith("context/")) {
                        continue;
                    }
                    String rel = e.getKey().substring(8);
                    Path local = m.contextDir().resolve(rel);
                    if (!Files.exists(local)) {
                        String session = rel.endsWith(".jsonl") ? rel.substring(0, rel.length() - 6) : rel;
                        assertTrue(cleaned.getOrDefault(m.name, Set.of()).contains(session),
                                m.name + " lacks " + rel + " without having cleaned it up");
                        continue;
                    }
                    ByteArrayOutputStream canon = new ByteArrayOutputStream();
                    try (InputStream in = Files.newInputStream(local)) {
                        rw.canonicalize(FileKind.of(rel), in, canon, false);
                    }
                    assertEquals(new String(e.getValue(), StandardCharsets.UTF_8), canon.toString(StandardCharsets.UTF_8),
                            m.name + ": canonical content of " + rel + " equals the cluster's");
                }
            }
            for (Machine m : ms) {
                step(m, "sync");
            }
            try (Transport t = projects.open(ClusterUri.parse(cluster))) {
                assertEquals(token, t.read(ProjectId.of("proj")).token().value(), "one more sync publishes nothing");
            }
        }
    }

    /** Recursive delete of a schedule's temp dir. */
    static final class ProjectSyncCleanup {
        static void delete(Path dir) throws IOException {
            try (Stream<Path> w = Files.walk(dir)) {
                for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
