package dev.convergence.bench;

import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.rewrite.FileKind;
import dev.convergence.core.rewrite.PathRewriter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Canonicalize throughput over a gen-corpus context dir, one thread. One operation rewrites
 * every transcript once; MB/s = total bytes / (seconds per operation) (printed in setup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
@Threads(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class CanonicalizeBenchmark {

    private PathRewriter rewriter;
    private List<byte[]> files;
    private long bytes;

    @Setup
    public void setUp() throws IOException {
        rewriter = PathRewriter.of(BenchCorpus.layout(), RewritePolicy.DEFAULT);
        files = BenchCorpus.transcripts();
        bytes = files.stream().mapToLong(f -> f.length).sum();
        System.out.println("corpus bytes per operation: " + bytes);
    }

    @Benchmark
    public long canonicalizeCorpus() {
        long hits = 0;
        for (byte[] f : files) {
            hits += rewriter.canonicalize(FileKind.JSONL, new ByteArrayInputStream(f), OutputStream.nullOutputStream(), false)
                    .totalHits();
        }
        return hits;
    }
}
