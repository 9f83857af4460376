package dev.convergence.core.rewrite;

import dev.convergence.api.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rewrites a whole context dir (transcripts, {@code memory/}, per-session {@code subagents/} and
 * {@code tool-results/}) into another directory, each file through a temp file and an atomic
 * rename. Symbolic links are not followed. Stateless.
 */
public final class ContextDirRewriter {

    /**
     * What a directory rewrite did.
     *
     * @param stats   totals over every file
     * @param written relative paths written
     * @param refused relative paths not written because they would not round-trip, with the reasons
     */
    public record Outcome(RewriteStats stats, List<String> written, Map<String, List<String>> refused) {
        public Outcome {
            written = List.copyOf(written);
            refused = Map.copyOf(refused);
        }
    }

    private ContextDirRewriter() {
    }

    /** Regular files under {@code dir}, relative, with {@code /} separators, sorted. */
    public static List<String> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Canonicalizes every file of {@code from} into {@code to}; with {@code guard}, files that would not round-trip are refused. */
    public static Outcome canonicalize(PathRewriter rewriter, Path from, Path to, boolean guard) {
        return run(from, to, (kind, in, out) -> rewriter.canonicalize(kind, in, out, guard));
    }

    /** Localizes every canonical file of {@code from} into {@code to}. */
    public static Outcome localize(PathRewriter rewriter, Path from, Path to) {
        return run(from, to, rewriter::localize);
    }

    private interface FileRewrite {
        RewriteStats apply(FileKind kind, InputStream in, OutputStream out);
    }

    private static Outcome run(Path from, Path to, FileRewrite rewrite) {
        List<String> files = files(from);
        for (String rel : files) {
            checkTarget(to, rel);
        }
        RewriteStats total = RewriteStats.empty();
        List<String> written = new ArrayList<>();
        Map<String, List<String>> refused = new LinkedHashMap<>();
        try {
            for (String rel : files) {
                Path target = to.resolve(rel);
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), ".convergence-", ".tmp");
                try {
                    RewriteStats stats;
                    try (InputStream in = Files.newInputStream(from.resolve(rel));
                         OutputStream out = Files.newOutputStream(tmp)) {
                        stats = rewrite.apply(FileKind.of(rel), in, out);
                    }
                    total = total.plus(stats);
                    if (!stats.roundTrips()) {
                        refused.put(rel, stats.roundTripProblems());
                        continue;
                    }
                    move(tmp, target);
                    written.add(rel);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Outcome(total, written, refused);
    }

    private static void checkTarget(Path to, String rel) {
        Path target = to.resolve(rel);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadInputException("'" + target + "' is a directory where the file " + rel + " should go",
                    "remove or rename that directory, or write to an empty output directory");
        }
        for (Path p = target.getParent(); p != null && p.startsWith(to) && !p.equals(to); p = p.getParent()) {
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new BadInputException("'" + p + "' is a file where a directory should be (for " + rel + ")",
                        "remove or rename it, or write to an empty output directory");
            }
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
