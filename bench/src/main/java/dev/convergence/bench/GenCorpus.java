package dev.convergence.bench;

import dev.convergence.testkit.corpus.CorpusGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The fallback for {@code bench/run.sh} when {@code ../shared/tools/gen-corpus} is absent: the same
 * options, backed by the test kit's {@link CorpusGenerator}. {@code --mb} is met approximately by
 * sizing the lines per session from a small sample run.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.convergence.bench.GenCorpus --home H --root R [--claude-dir D]
 *      [--sessions 200] [--mb 100] [--seed 7]</pre>
 */
public final class GenCorpus {

    private GenCorpus() {
    }

    public static void main(String[] args) throws IOException {
        String home = null;
        String root = null;
        String claudeDir = null;
        int sessions = 200;
        double mb = 100;
        long seed = 7;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--home" -> home = args[i + 1];
                case "--root" -> root = args[i + 1];
                case "--claude-dir" -> claudeDir = args[i + 1];
                case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
                case "--mb" -> mb = Double.parseDouble(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (home == null || root == null) {
            throw new IllegalArgumentException("--home and --root are required");
        }
        Path projects = Path.of(claudeDir != null ? claudeDir : home + "/.claude").resolve("projects");
        Path sample = Files.createTempDirectory("gencorpus");
        int sampleLines = 400;
        Path sampleCtx = CorpusGenerator.generate(sample, home, root, new CorpusGenerator.Options(seed, 1, sampleLines, false));
        double bytesPerLine = (double) jsonlBytes(sampleCtx) / sampleLines;
        delete(sample);
        int lines = (int) Math.max(1, Math.round(mb * (1 << 20) / sessions / bytesPerLine));
        Path ctx = CorpusGenerator.generate(projects, home, root, new CorpusGenerator.Options(seed, sessions, lines, false));
        System.out.printf("%s: %d sessions, %.1f MiB%n", ctx, sessions, jsonlBytes(ctx) / (double) (1 << 20));
    }

    private static long jsonlBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".jsonl")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
