package dev.convergence.bench;

import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.rewrite.FileKind;
import dev.convergence.core.rewrite.PathRewriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rewrite throughput per CPU-second of the measuring thread, so that other jobs on a shared
 * machine do not distort it: {@code ThroughputProbe [canonicalize|localize|lines] [warmup] [passes]}.
 * {@code canonicalize} streams every transcript through {@code canonicalize(JSONL, …)},
 * {@code localize} streams the canonical transcripts back through {@code localize(JSONL, …)},
 * {@code lines} runs {@code canonicalizeLine} then {@code localizeLine} on every line (the
 * round-trip guard's work). Prints each pass and the median.
 */
public final class ThroughputProbe {

    private ThroughputProbe() {
    }

    /** One pass over the input; returns a value that depends on the work (so it is not elided). */
    private interface Pass {
        long run();
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "canonicalize";
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        PathRewriter rewriter = PathRewriter.of(BenchCorpus.layout(), RewritePolicy.DEFAULT);
        List<byte[]> files = BenchCorpus.transcripts();
        long bytes;
        Pass pass;
        switch (mode) {
            case "canonicalize" -> {
                bytes = files.stream().mapToLong(f -> f.length).sum();
                pass = () -> {
                    long hits = 0;
                    for (byte[] f : files) {
                        hits += rewriter.canonicalize(FileKind.JSONL, new ByteArrayInputStream(f),
                                OutputStream.nullOutputStream(), false).totalHits();
                    }
                    return hits;
                };
            }
            case "localize" -> {
                List<byte[]> canonical = new ArrayList<>();
                for (byte[] f : files) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream(f.length);
                    rewriter.canonicalize(FileKind.JSONL, new ByteArrayInputStream(f), out, false);
                    canonical.add(out.toByteArray());
                }
                bytes = canonical.stream().mapToLong(f -> f.length).sum();
                pass = () -> {
                    long hits = 0;
                    for (byte[] f : canonical) {
                        hits += rewriter.localize(FileKind.JSONL, new ByteArrayInputStream(f),
                                OutputStream.nullOutputStream()).totalHits();
                    }
                    return hits;
                };
            }
            case "lines" -> {
                List<byte[]> lines = splitLines(files);
                bytes = lines.stream().mapToLong(l -> l.length).sum();
                pass = () -> {
                    long same = 0;
                    for (byte[] l : lines) {
                        byte[] c = rewriter.canonicalizeLine(l);
                        byte[] back = rewriter.localizeLine(c);
                        same += back == l || Arrays.equals(back, l) ? 1 : 0;
                    }
                    return same;
                };
            }
            default -> throw new IllegalArgumentException("mode is canonicalize, localize or lines: " + mode);
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] rates = new double[passes];
        for (int r = 0; r < warmup + passes; r++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            long result = pass.run();
            double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
            double wall = (System.nanoTime() - wall0) / 1e9;
            double rate = bytes / 1e6 / cpu;
            boolean measured = r >= warmup;
            if (measured) {
                rates[r - warmup] = rate;
            }
            System.out.printf("%s %s %d: %.1f MB/CPU-s (%.2f CPU-s, %.2f wall-s, %d bytes, result %d)%n",
                    mode, measured ? "pass" : "warmup", measured ? r - warmup : r, rate, cpu, wall, bytes, result);
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        System.out.printf("%s median %.1f MB/CPU-s over %d passes (min %.1f, max %.1f)%n",
                mode, sorted[passes / 2], passes, sorted[0], sorted[passes - 1]);
    }

    private static List<byte[]> splitLines(List<byte[]> files) {
        List<byte[]> lines = new ArrayList<>();
        for (byte[] f : files) {
            int start = 0;
            for (int i = 0; i <= f.length; i++) {
                if (i == f.length || f[i] == '\n') {
                    if (i > start) {
                        lines.add(Arrays.copyOfRange(f, start, i));
                    }
                    start = i + 1;
                }
            }
        }
        return lines;
    }
}
