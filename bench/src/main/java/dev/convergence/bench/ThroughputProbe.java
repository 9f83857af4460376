package dev.convergence.bench;

import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.rewrite.FileKind;
import dev.convergence.core.rewrite.PathRewriter;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.util.List;

/** A quick non-JMH check of canonicalize throughput (for profiling); the JMH benchmark holds the figure. */
public final class ThroughputProbe {

    private ThroughputProbe() {
    }

    public static void main(String[] args) throws Exception {
        PathRewriter rewriter = PathRewriter.of(BenchCorpus.layout(), RewritePolicy.DEFAULT);
        List<byte[]> files = BenchCorpus.transcripts();
        long bytes = files.stream().mapToLong(f -> f.length).sum();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            long hits = 0;
            for (byte[] f : files) {
                hits += rewriter.canonicalize(FileKind.JSONL, new ByteArrayInputStream(f), OutputStream.nullOutputStream(), false).totalHits();
            }
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("round %d: %.1f MB/s (%d bytes, %d hits)%n", r, bytes / 1e6 / s, bytes, hits);
        }
    }
}
