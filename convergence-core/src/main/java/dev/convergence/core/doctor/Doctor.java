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
        RootInference.Result inference = RootInference.infer(contextDir);
        Optional<String> used = root.or(inference::root);
        Map<String, List<String>> failures = new LinkedHashMap<>();
        List<String> examples = new ArrayList<>();
        RewriteStats total = RewriteStats.empty();
        long leftovers = 0;
        long halfWritten = 0;
        List<String> rels = ContextDirRewriter.files(contextDir);
        PathRewriter rewriter = used.map(r -> PathRewriter.of(new MachineLayout("doctor", os, nativeHome, r,
                ClaudePaths.encode(r), nativeContextDir), policy)).orElse(null);
        progress.total("doctor", rels.size(), rels.stream().mapToLong(r -> sizeOf(contextDir.resolve(r))).sum());
        for (String rel : rels) {
            progress.onFile(rel, sizeOf(contextDir.resolve(rel)));
            if (rewriter == null) {
                total = total.plus(countOnly(contextDir.resolve(rel)));
                continue;
            }
            List<String> labels = new ArrayList<>(List.of("project root", "home"));
            // A root such as "/" cannot be rewritten (the engine skips anchors without a letter or digit), so it
            // cannot be left over either.
            String rootText = distinctive(used.get()) ? used.get() : "";
            String homeText = policy.rewriteHome() && distinctive(nativeHome) ? nativeHome : "";
            List<String> texts = new ArrayList<>(List.of(rootText, homeText));
            if (used.get().indexOf('\\') >= 0 || nativeHome.indexOf('\\') >= 0) {
                labels.addAll(List.of("project root", "home"));
                texts.addAll(List.of(rootText.replace("\\", "\\\\"), homeText.replace("\\", "\\\\")));
            }
            LeftoverScanner scanner = new LeftoverScanner(rel, labels, texts, examples);
            try (InputStream in = Files.newInputStream(contextDir.resolve(rel))) {
                RewriteStats stats = rewriter.canonicalize(FileKind.of(rel), in, scanner, true);
                scanner.close();
                leftovers += scanner.count();
                halfWritten += scanner.inUnterminatedLastLine();
                total = total.plus(stats);
                if (!stats.roundTrips()) {
                    failures.put(rel, stats.roundTripProblems());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new DoctorReport(contextDir.toString(), rels.size(), total.lines(), total.bytesIn(), inference.root(), used,
                inference.cwds(), total.hitsPerTier(), total.unparsableLines(), total.invalidUtf8Lines(), failures,
                leftovers, examples, halfWritten);
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

    private static RewriteStats countOnly(Path file) {
        try {
            long size = Files.size(file);
            return new RewriteStats(1, 0, size, 0, 0, 0, 0, Map.of(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
