package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a test but a measurement, off unless {@code -Dconvergence.bench.context=<context dir>} is
 * given: publishes a whole context directory as a project's first snapshot to a fresh local bare
 * repository, then joins it from an empty cache (read + open every file). Figures go to
 * {@code target/benchmark.txt}.
 */
@EnabledIfSystemProperty(named = "convergence.bench.context", matches = ".+")
class PublishBenchmarkTest {

    @TempDir
    Path tempDir;

    @Test
    void firstPublishAndJoinOfAWholeProject() throws Exception {
        Path context = Path.of(System.getProperty("convergence.bench.context"));
        Map<String, Content> files = new TreeMap<>();
        long bytes = 0;
        try (Stream<Path> walk = Files.walk(context)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put("context/" + context.relativize(f).toString().replace('\\', '/'), Content.of(f));
                bytes += Files.size(f);
            }
        }
        files.put("roster.json", Content.of("{}\n".getBytes(StandardCharsets.UTF_8)));
        List<String> report = new ArrayList<>();
        report.add(String.format("corpus: %d files, %.1f MiB, %d cores", files.size(), bytes / 1048576.0,
                Runtime.getRuntime().availableProcessors()));
        for (int run = 1; run <= 2; run++) {
            Path cluster = tempDir.resolve("cluster-" + run + ".git");
            ProjectId project = ProjectId.of("proj");
            long t0 = System.nanoTime();
            try (Transport t = open(cluster, "publisher-" + run)) {
                t.ensureCluster(true);
                long t1 = System.nanoTime();
                long c1 = cpu();
                t.publish(project, SnapshotToken.ABSENT, new Changeset(files, Set.of(), "first snapshot"));
                long t2 = System.nanoTime();
                report.add(String.format("run %d: ensureCluster %d ms, first publish %d ms (process CPU %d ms)", run,
                        (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (cpu() - c1) / 1_000_000));
            }
            long t3 = System.nanoTime();
            long c3 = cpu();
            long read;
            try (Transport t = open(cluster, "joiner-" + run)) {
                Snapshot s = t.read(project);
                long t4 = System.nanoTime();
                read = 0;
                byte[] buf = new byte[1 << 16];
                for (SnapshotEntry e : s.entries().values()) {
                    try (InputStream in = t.open(s, e)) {
                        for (int n; (n = in.read(buf)) > 0; ) {
                            read += n;
                        }
                    }
                }
                long t5 = System.nanoTime();
                report.add(String.format("run %d: join read %d ms + open all %d ms = %d ms (process CPU %d ms)", run,
                        (t4 - t3) / 1_000_000, (t5 - t4) / 1_000_000, (t5 - t3) / 1_000_000, (cpu() - c3) / 1_000_000));
                assertEquals(files.size(), s.entries().size());
            }
            report.add(String.format("run %d: cluster repo %.1f MiB on disk", run, du(cluster) / 1048576.0));
            assertEquals(bytes + 3, read);
        }
        Files.write(Path.of("target/benchmark.txt"), report, StandardCharsets.UTF_8);
    }

    private Transport open(Path cluster, String machine) throws Exception {
        return new GitTransportProvider().open(ClusterUri.parse(cluster.toString()), new TransportContext(
                tempDir.resolve(machine), tempDir.resolve("home"), Map.of(), Map.of()));
    }

    private static long cpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    private static long du(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
