package dev.convergence.scanners.bench;

import dev.convergence.core.scan.TranscriptScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Secret-scanning throughput on a gen-corpus context dir with the full built-in rule pack, one
 * thread. {@code scanLines} is the CPU cost per transcript line (lines held in memory);
 * {@code scanContextDir} adds reading the files. MB/s = corpus bytes (printed at setup) / time per op.
 * The corpus dir is the system property {@code convergence.bench.dir}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TranscriptScanBenchmark {

    private TranscriptScanner scanner;
    private Path dir;
    private List<byte[]> lines;

    @Setup(Level.Trial)
    public void load() throws IOException {
        dir = Path.of(System.getProperty("convergence.bench.dir", "/tmp/s/home/a/.claude/projects"));
        scanner = TranscriptScanner.withInstalledScanners();
        lines = new ArrayList<>();
        long bytes = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                byte[] all = Files.readAllBytes(f);
                int start = 0;
                for (int i = 0; i <= all.length; i++) {
                    if (i == all.length || all[i] == '\n') {
                        if (i > start) {
                            byte[] line = new byte[i - start];
                            System.arraycopy(all, start, line, 0, line.length);
                            lines.add(line);
                            bytes += line.length + 1;
                        }
                        start = i + 1;
                    }
                }
            }
        }
        System.err.printf("corpus: %s, %d lines, %d bytes (%.1f MB)%n", dir, lines.size(), bytes, bytes / 1e6);
    }

    @Benchmark
    public void scanLines(Blackhole sink) {
        for (byte[] line : lines) {
            sink.consume(scanner.scanJsonLine(line));
        }
    }

    @Benchmark
    public void scanContextDir(Blackhole sink) {
        sink.consume(scanner.scanContextDir(dir));
    }
}
