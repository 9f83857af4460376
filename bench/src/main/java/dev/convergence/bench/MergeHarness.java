package dev.convergence.bench;

import dev.convergence.core.sync.TranscriptMerge;
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
 * Issue 4's merge cost: two transcripts of {@code totalMb} that share their first half and then
 * diverged (a session resumed on two machines), merged once after warm-up. Prints wall time and
 * the peak heap used, so running it under a small {@code -Xmx} shows memory does not follow size.
 *
 * <pre>java -Xmx64m -cp bench/target/benchmarks.jar dev.convergence.bench.MergeHarness /tmp/merge 100</pre>
 */
public final class MergeHarness {

    private MergeHarness() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/convergence-merge");
        long totalMb = args.length > 1 ? Long.parseLong(args[1]) : 100;
        Files.createDirectories(dir);
        Path a = dir.resolve("a.jsonl");
        Path b = dir.resolve("b.jsonl");
        long half = (totalMb << 20) / 2;
        write(a, half, "common", half, "alice");
        write(b, half, "common", half, "bob");
        Path out = dir.resolve("merged.jsonl");
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            try (InputStream ia = Files.newInputStream(a); InputStream ib = Files.newInputStream(b);
                 OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                TranscriptMerge.merge(ia, ib, o, dir);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("round %d: merged %d MB + %d MB (diverged after %d MB) in %d ms, output %d MB%n", round,
                    Files.size(a) >> 20, Files.size(b) >> 20, half >> 20, ms, Files.size(out) >> 20);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("max heap %d MB, peak heap used %d MB%n", Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
    }

    private static void write(Path file, long commonBytes, String commonTag, long ownBytes, String ownTag) throws IOException {
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            long n = 0;
            long i = 0;
            while (n < commonBytes) {
                n += line(o, commonTag, i++);
            }
            n = 0;
            while (n < ownBytes) {
                n += line(o, ownTag, i++);
            }
        }
    }

    private static int line(OutputStream o, String tag, long i) throws IOException {
        byte[] b = ("{\"parentUuid\":\"" + tag + "-" + (i - 1) + "\",\"uuid\":\"" + tag + "-" + i + "\",\"timestamp\":\"2026-11-"
                + String.format("%02d", 1 + (i / 100000) % 28) + "T00:00:00.000Z\",\"type\":\"assistant\",\"message\":{\"content\":\""
                + "x".repeat(400) + "\"}}\n").getBytes(StandardCharsets.UTF_8);
        o.write(b);
        return b.length;
    }
}
