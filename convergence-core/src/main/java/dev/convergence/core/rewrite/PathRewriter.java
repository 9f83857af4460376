package dev.convergence.core.rewrite;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.api.rewrite.RewriteTier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * Canonicalizes and localizes Claude Code context for ONE machine, as FORMAT.md specifies:
 * decoded JSON strings and object keys (and whole texts) are rewritten, every other byte is
 * kept; lines that are not JSON or not UTF-8 pass through verbatim; files stream with memory
 * bounded by {@link #DEFAULT_IN_MEMORY_LIMIT} whatever their size.
 *
 * <p>Immutable and thread-safe.
 */
public final class PathRewriter {

    /** Lines (and JSON/text files) up to this size are rewritten in memory; longer ones are spooled. */
    public static final int DEFAULT_IN_MEMORY_LIMIT = 8 << 20;

    private final MachineLayout layout;
    private final Anchors anchors;
    private final StringRewriter canonicalizer;
    private final StringRewriter localizer;
    private final int inMemoryLimit;
    // Per-thread line rewriters for canonicalizeLine/localizeLine (their buffers are reused, so a
    // line costs no setup); used for lines up to CACHED_LINE_LIMIT, so what they keep stays small.
    private final ThreadLocal<LineRewriter> canonicalLines;
    private final ThreadLocal<LineRewriter> localLines;

    private static final int CACHED_LINE_LIMIT = 64 << 10;

    private PathRewriter(MachineLayout layout, Anchors anchors, int inMemoryLimit) {
        this.layout = layout;
        this.anchors = anchors;
        this.canonicalizer = new StringRewriter(anchors, true);
        this.localizer = new StringRewriter(anchors, false);
        this.inMemoryLimit = inMemoryLimit;
        this.canonicalLines = ThreadLocal.withInitial(() -> new LineRewriter(anchors, canonicalizer, true));
        this.localLines = ThreadLocal.withInitial(() -> new LineRewriter(anchors, localizer, false));
    }

    /** The built-in tiers: context dir, project root, encoded dir, home. */
    public static List<RewriteTier> builtInTiers() {
        return List.of(new ContextDirTier(), new ProjectRootTier(), new EncodedDirTier(), new HomeTier());
    }

    /** A rewriter with the built-in tiers. */
    public static PathRewriter of(MachineLayout layout, RewritePolicy policy) {
        return of(layout, policy, builtInTiers());
    }

    /**
     * A rewriter with the given tiers (sentinel names unique, valid).
     *
     * @throws dev.convergence.api.BadInputException when a tier's sentinel name is invalid or duplicated
     */
    public static PathRewriter of(MachineLayout layout, RewritePolicy policy, List<RewriteTier> tiers) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(policy, "policy");
        return new PathRewriter(layout, new Anchors(layout, policy, List.copyOf(tiers)), DEFAULT_IN_MEMORY_LIMIT);
    }

    /** The same rewriter with another in-memory limit (tests use a small one to exercise spooling). */
    public PathRewriter withInMemoryLimit(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("in-memory limit must be positive: " + bytes);
        }
        return new PathRewriter(layout, anchors, bytes);
    }

    public MachineLayout layout() {
        return layout;
    }

    /** Sentinel names of the tiers, in tier order. */
    public List<String> sentinelNames() {
        return anchors.names();
    }

    /** Canonical form of a decoded text (a JSON string's value, or a memory file). Same instance when unchanged. */
    public String canonicalize(String decodedText) {
        return canonicalizer.rewrite(decodedText, canonicalizer.newState());
    }

    /** This machine's form of a canonical decoded text. Same instance when unchanged. */
    public String localize(String decodedText) {
        return localizer.rewrite(decodedText, localizer.newState());
    }

    /** Canonicalizes one JSONL line given without its terminator; returns the same array when nothing changes. */
    public byte[] canonicalizeLine(byte[] jsonLine) {
        return line(jsonLine, true);
    }

    /** Localizes one canonical JSONL line given without its terminator; returns the same array when nothing changes. */
    public byte[] localizeLine(byte[] jsonLine) {
        return line(jsonLine, false);
    }

    private byte[] line(byte[] jsonLine, boolean canonicalize) {
        LineRewriter lr = jsonLine.length > CACHED_LINE_LIMIT
                ? new LineRewriter(anchors, rewriter(canonicalize), canonicalize)
                : (canonicalize ? canonicalLines : localLines).get();
        ByteSink result = lr.rewrite(jsonLine, 0, jsonLine.length);
        return result == null ? jsonLine : result.toByteArray();
    }

    /**
     * Canonicalizes a whole file from {@code in} to {@code out} (neither is closed). With
     * {@code guard}, every changed line (or text) is checked to round-trip and failures are
     * listed in the stats.
     *
     * @throws UncheckedIOException when reading, writing or spooling fails
     */
    public RewriteStats canonicalize(FileKind kind, InputStream in, OutputStream out, boolean guard) {
        try {
            return new StreamRewriter(this, true, guard, inMemoryLimit).run(kind, in, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Localizes a whole canonical file from {@code in} to {@code out} (neither is closed). */
    public RewriteStats localize(FileKind kind, InputStream in, OutputStream out) {
        try {
            return new StreamRewriter(this, false, false, inMemoryLimit).run(kind, in, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void localizeStream(FileKind kind, InputStream in, OutputStream out) throws IOException {
        try (in) {
            new StreamRewriter(this, false, false, inMemoryLimit).run(kind, in, out);
        }
    }

    void canonicalizeStream(FileKind kind, InputStream in, OutputStream out) throws IOException {
        try (in) {
            new StreamRewriter(this, true, false, inMemoryLimit).run(kind, in, out);
        }
    }

    Anchors anchors() {
        return anchors;
    }

    StringRewriter rewriter(boolean canonicalize) {
        return canonicalize ? canonicalizer : localizer;
    }
}
