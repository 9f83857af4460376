package dev.convergence.core.doctor;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.OsFamily;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.core.rewrite.ClaudePaths;
import dev.convergence.core.rewrite.ContextDirRewriter;
import dev.convergence.core.rewrite.FileKind;
import dev.convergence.core.rewrite.PathRewriter;
import dev.convergence.core.rewrite.RewriteStats;
import dev.convergence.core.rewrite.RootInference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dry-runs canonicalization of a context dir with the round-trip guard and reports whether it is
 * safe to sync. Reads only. Stateless.
 */
public final class Doctor {

    private Doctor() {
    }

    /**
     * Examines {@code contextDir}.
     *
     * @param contextDir       the directory to read
     * @param nativeContextDir its native form (what transcripts would contain)
     * @param nativeHome       the home directory in native form
     * @param os               the machine's OS family
     * @param root             the root to use; when empty it is inferred from {@code cwd} fields
     * @param policy           the rewrite policy
     */
    public static DoctorReport examine(Path contextDir, String nativeContextDir, String nativeHome, OsFamily os,
                                       Optional<String> root, RewritePolicy policy) {
        return examine(contextDir, nativeContextDir, nativeHome, os, root, policy, dev.convergence.core.sync.SyncProgress.NONE);
    }

    /** As above, reporting each file examined to {@code progress} (doctor on a big dir takes a while). */
    public static DoctorReport examine(Path contextDir, String nativeContextDir, String nativeHome, OsFamily os,
                                       Optional<String> root, RewritePolicy policy, dev.convergence.core.sync.SyncProgress progress) {
        return examine(contextDir, nativeContextDir, nativeHome, os, root, policy, progress, true);
    }

    /** Files at least this many and this large are examined on two threads. */
    private static final int PARALLEL_MIN_FILES = 4;
    private static final long PARALLEL_MIN_BYTES = 4L << 20;

    /**
     * With {@code parallel}, files are examined on two threads when there are enough of them; the
     * report is the same either way (results are combined in file order).
     */
    static DoctorReport examine(Path contextDir, String nativeContextDir, String nativeHome, OsFamily os,
                                Optional<String> root, RewritePolicy policy, dev.convergence.core.sync.SyncProgress progress,
                                boolean parallel) {
        RootInference.Result inference = RootInference.infer(contextDir);
        Optional<String> used = root.or(inference::root);
        List<String> rels = ContextDirRewriter.files(contextDir);
        long[] sizes = rels.stream().mapToLong(r -> sizeOf(contextDir.resolve(r))).toArray();
        long bytes = java.util.Arrays.stream(sizes).sum();
        progress.total("doctor", rels.size(), bytes);
        Examiner examiner = used.map(r -> new Examiner(contextDir, PathRewriter.of(new MachineLayout("doctor", os, nativeHome, r,
                ClaudePaths.encode(r), nativeContextDir), policy), r, nativeHome, policy)).orElse(null);
        java.util.function.IntFunction<FileResult> one = i -> {
            FileResult r = examiner == null ? FileResult.countOnly(sizes[i]) : examiner.examine(rels.get(i));
            synchronized (progress) {
                progress.onFile(rels.get(i), sizes[i]);
            }
            return r;
        };
        java.util.stream.IntStream indexes = java.util.stream.IntStream.range(0, rels.size());
        boolean twoThreads = parallel && Runtime.getRuntime().availableProcessors() >= 2 && rels.size() >= PARALLEL_MIN_FILES
                && bytes >= PARALLEL_MIN_BYTES;
        List<FileResult> results = (twoThreads ? indexes.parallel() : indexes).mapToObj(one).toList();

        Map<String, List<String>> failures = new LinkedHashMap<>();
        List<String> examples = new ArrayList<>();
        RewriteStats total = RewriteStats.empty();
        long leftovers = 0;
        long halfWritten = 0;
        for (int i = 0; i < results.size(); i++) {
            FileResult r = results.get(i);
            total = total.plus(r.stats());
            leftovers += r.leftovers();
            halfWritten += r.halfWritten();
            r.examples().stream().limit(LeftoverScanner.MAX_EXAMPLES - examples.size()).forEach(examples::add);
            if (!r.stats().roundTrips()) {
                failures.put(rels.get(i), r.stats().roundTripProblems());
            }
        }
        return new DoctorReport(contextDir.toString(), rels.size(), total.lines(), total.bytesIn(), inference.root(), used,
                inference.cwds(), total.hitsPerTier(), total.unparsableLines(), total.invalidUtf8Lines(), failures,
                leftovers, examples, halfWritten);
    }

    /** What examining one file found: its rewrite stats, and the root or home paths left in its canonical form. */
    private record FileResult(RewriteStats stats, long leftovers, long halfWritten, List<String> examples) {
        /** Without a root nothing can be rewritten: the file is only counted. */
        static FileResult countOnly(long size) {
            return new FileResult(new RewriteStats(1, 0, size, 0, 0, 0, 0, Map.of(), List.of()), 0, 0, List.of());
        }
    }

    /** Canonicalizes one file with the round-trip guard into a leftover scan. Thread-safe. */
    private static final class Examiner {
        private final Path contextDir;
        private final PathRewriter rewriter;
        private final List<String> labels = new ArrayList<>(List.of("project root", "home"));
        private final List<String> texts;

        Examiner(Path contextDir, PathRewriter rewriter, String root, String nativeHome, RewritePolicy policy) {
            this.contextDir = contextDir;
            this.rewriter = rewriter;
            // A root such as "/" cannot be rewritten (the engine skips anchors without a letter or digit), so it
            // cannot be left over either.
            String rootText = distinctive(root) ? root : "";
            String homeText = policy.rewriteHome() && distinctive(nativeHome) ? nativeHome : "";
            texts = new ArrayList<>(List.of(rootText, homeText));
            if (root.indexOf('\\') >= 0 || nativeHome.indexOf('\\') >= 0) {
                labels.addAll(List.of("project root", "home"));
                texts.addAll(List.of(rootText.replace("\\", "\\\\"), homeText.replace("\\", "\\\\")));
            }
        }

        FileResult examine(String rel) {
            List<String> examples = new ArrayList<>();
            LeftoverScanner scanner = new LeftoverScanner(rel, labels, texts, examples);
            try (InputStream in = Files.newInputStream(contextDir.resolve(rel))) {
                RewriteStats stats = rewriter.canonicalize(FileKind.of(rel), in, scanner, true);
                scanner.close();
                return new FileResult(stats, scanner.count(), scanner.inUnterminatedLastLine(), examples);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static boolean distinctive(String path) {
        int start = path.length() >= 2 && path.charAt(1) == ':' ? 2 : 0;
        return path.substring(start).chars().anyMatch(c -> Character.isLetterOrDigit(c));
    }
}
