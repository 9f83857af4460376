package dev.convergence.core.rewrite;

/**
 * Rewrites one JSON text held in memory (a JSONL line, or a small {@code .json} file): checks it
 * and finds the strings a prefilter needle occurs in, in one pass; decodes only those strings, and
 * re-encodes only strings that change; every other byte is copied. One instance per thread;
 * reused across lines.
 */
final class LineRewriter implements JsonSyntaxChecker.StringListener {

    private final ByteNeedles needles;
    private final StringRewriter rewriter;
    private final JsonSyntaxChecker checker = new JsonSyntaxChecker();
    private final IntList strings = new IntList();   // start, end, flags per candidate string
    private final StringBuilder text = new StringBuilder();
    private final ByteSink out = new ByteSink(4096);
    private final StringRewriter.State state;
    private char[] chars = new char[1024];
    private int offset;
    private JsonSyntaxChecker.Failure lastFailure = JsonSyntaxChecker.Failure.NONE;
    // The first changed string that has an escape, to name a non-standard escape in it on demand.
    private byte[] escapedBytes;
    private int escapedStart;
    private int escapedEnd;

    LineRewriter(Anchors anchors, StringRewriter rewriter, boolean canonicalize) {
        this.needles = anchors.needles(canonicalize);
        this.rewriter = rewriter;
        this.state = rewriter.newState();
    }

    /** Hits per sentinel index, accumulated over every call. */
    long[] hits() {
        return state.hits;
    }

    /** Why the last text was passed through unparsed, or NONE. */
    JsonSyntaxChecker.Failure lastFailure() {
        return lastFailure;
    }

    /** A non-standard escape inside a string the last call changed (its bytes cannot survive a round trip), or null. */
    String nonStandardEscape() {
        return escapedBytes == null ? null : JsonStrings.firstNonStandardEscape(escapedBytes, escapedStart, escapedEnd);
    }

    /**
     * Rewrites {@code b[off..off+len)}; returns null when the bytes stay as they are (nothing to
     * change, or not valid JSON/UTF-8: see {@link #lastFailure()}), else a sink holding the new bytes.
     */
    ByteSink rewrite(byte[] b, int off, int len) {
        escapedBytes = null;
        strings.clear();
        offset = off;
        checker.reset(this, needles.matchesEverything() ? null : needles);
        if (!(checker.feed(b, off, len) && checker.finish())) {
            lastFailure = checker.failure();
            return null;
        }
        lastFailure = JsonSyntaxChecker.Failure.NONE;
        if (strings.size() == 0) {
            return null;
        }
        out.clear();
        int copied = off;
        for (int k = 0; k < strings.size(); k += 3) {
            int start = strings.get(k);
            int end = strings.get(k + 1);
            if (chars.length < end - start) {
                chars = new char[Math.max(end - start, chars.length * 2)];
            }
            int n = JsonStrings.decode(b, start, end, chars);
            text.setLength(0);
            state.reset();
            rewriter.rewrite(chars, 0, n, true, text, state);
            if (!state.changed) {
                continue;
            }
            if ((strings.get(k + 2) & JsonSyntaxChecker.ANY_ESCAPE) != 0 && escapedBytes == null) {
                escapedBytes = b;
                escapedStart = start;
                escapedEnd = end;
            }
            out.write(b, copied, start - copied);
            int m = text.length();
            if (chars.length < m) {
                chars = new char[Math.max(m, chars.length * 2)];
            }
            text.getChars(0, m, chars, 0);
            JsonStrings.encode(chars, 0, m, out);
            copied = end;
        }
        if (copied == off) {
            return null;
        }
        out.write(b, copied, off + len - copied);
        return out;
    }

    /** Keeps the strings worth decoding: a needle in them, an escape that could hide one, or no usable needles. */
    @Override
    public void string(long start, long end, int flags) {
        if ((flags & (JsonSyntaxChecker.NEEDLE | JsonSyntaxChecker.OPAQUE_ESCAPE)) != 0 || needles.matchesEverything()) {
            strings.add((int) start + offset);
            strings.add((int) end + offset);
            strings.add(flags);
        }
    }
}
