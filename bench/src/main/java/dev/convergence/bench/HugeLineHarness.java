package dev.convergence.bench;

import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.rewrite.FileKind;
import dev.convergence.core.rewrite.PathRewriter;
import dev.convergence.core.rewrite.RewriteStats;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Canonicalizes a generated 1 GB transcript that holds one 100 MB line, with the round-trip
 * guard on, and reports the peak heap. Run it under {@code -Xmx128m}:
 * {@code java -Xmx128m -cp bench/target/benchmarks.jar dev.convergence.bench.HugeLineHarness [file] [totalMB] [lineMB]}.
 */
public final class HugeLineHarness {

    private HugeLineHarness() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/convergence-huge.jsonl");
        long totalMb = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        long lineMb = args.length > 2 ? Long.parseLong(args[2]) : 100;
        var layout = BenchCorpus.layout();
        if (!Files.exists(file) || Files.size(file) < totalMb << 20) {
            generate(file, layout.projectRoot(), layout.home(), totalMb << 20, lineMb << 20);
        }
        PathRewriter rewriter = PathRewriter.of(layout, RewritePolicy.DEFAULT);
        Path out = Path.of(file + ".canonical");
        long t0 = System.nanoTime();
        RewriteStats stats;
        try (InputStream in = Files.newInputStream(file); OutputStream o = Files.newOutputStream(out)) {
            stats = rewriter.canonicalize(FileKind.JSONL, in, o, true);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("input %d bytes, %d lines, %d changed, %d hits, round-trip problems %s%n",
                stats.bytesIn(), stats.lines(), stats.changedLines(), stats.totalHits(), stats.roundTripProblems());
        System.out.printf("time %.1f s (%.1f MB/s incl. guard), max heap %d MB, peak heap used %d MB%n",
                s, stats.bytesIn() / 1e6 / s, Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
        Files.deleteIfExists(out);
    }

    private static void generate(Path file, String root, String home, long total, long hugeLine) throws IOException {
        byte[] normal = ("{\"type\":\"user\",\"cwd\":\"" + root + "\",\"message\":{\"content\":\"edit " + root
                + "/src/a.py\\n" + home + "/.bashrc and /usr/lib\"},\"uuid\":\"0b1c\"}\n").getBytes(StandardCharsets.UTF_8);
        byte[] piece = ("ok " + root + "/src/module/file.py:12 passed\\n").getBytes(StandardCharsets.UTF_8);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            long written = 0;
            boolean hugeDone = false;
            while (written < total) {
                if (!hugeDone && written > total / 2) {
                    byte[] head = ("{\"type\":\"user\",\"cwd\":\"" + root + "\",\"toolUseResult\":{\"stdout\":\"")
                            .getBytes(StandardCharsets.UTF_8);
                    o.write(head);
                    long n = head.length;
                    while (n < hugeLine) {
                        o.write(piece);
                        n += piece.length;
                    }
                    o.write("\"}}\n".getBytes(StandardCharsets.UTF_8));
                    written += n + 4;
                    hugeDone = true;
                }
                o.write(normal);
                written += normal.length;
            }
        }
    }
}
