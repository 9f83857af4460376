package dev.convergence.core.rewrite;

/**
 * Rewrites one JSON text held in memory (a JSONL line, or a small {@code .json} file): checks it,
 * decodes only the strings the prefilter flags, and re-encodes only strings that change; every
 * other byte is copied. One instance per thread; reused across lines.
 */
final class LineRewriter implements JsonSyntaxChecker.StringListener {

    private final ByteNeedles needles;
    private final StringRewriter rewriter;
    private final JsonSyntaxChecker checker = new JsonSyntaxChecker();
    private final IntList strings = new IntList();   // start, end, flags per string
    private final IntList hits = new IntList();      // start, end per needle occurrence
    private final StringBuilder text = new StringBuilder();
    private final ByteSink out = new ByteSink(4096);
    private final StringRewriter.State state;
    private boolean[] candidate = new boolean[64];
    private char[] chars = new char[1024];
    private boolean anyOpaque;
    private int offset;
    private JsonSyntaxChecker.Failure lastFailure = JsonSyntaxChecker.Failure.NONE;
    private String nonStandardEscape;

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
        return nonStandardEscape;
    }

    /**
     * Rewrites {@code b[off..off+len)}; returns null when the bytes stay as they are (nothing to
     * change, or not valid JSON/UTF-8: see {@link #lastFailure()}), else a sink holding the new bytes.
     */
    ByteSink rewrite(byte[] b, int off, int len) {
        nonStandardEscape = null;
        strings.clear();
        anyOpaque = false;
        offset = off;
        checker.reset(this);
        if (!(checker.feed(b, off, len) && checker.finish())) {
            lastFailure = checker.failure();
            return null;
        }
        lastFailure = JsonSyntaxChecker.Failure.NONE;
        int count = strings.size() / 3;
        if (count == 0) {
            return null;
        }
        hits.clear();
        boolean everything = needles.matchesEverything();
        if (!everything && !needles.findAll(b, off, off + len, hits) && !anyOpaque) {
            return null;
        }
        markCandidates(count, everything);
        out.clear();
        int copied = off;
        for (int k = 0; k < count; k++) {
            if (!candidate[k]) {
                continue;
            }
            int start = strings.get(3 * k);
            int end = strings.get(3 * k + 1);
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
            if ((strings.get(3 * k + 2) & JsonSyntaxChecker.ANY_ESCAPE) != 0 && nonStandardEscape == null) {
                nonStandardEscape = JsonStrings.firstNonStandardEscape(b, start, end);
            }
            out.write(b, copied, start - copied);
            JsonStrings.encode(text, 0, text.length(), out);
            copied = end;
        }
        if (copied == off) {
            return null;
        }
        out.write(b, copied, off + len - copied);
        return out;
    }

    private void markCandidates(int count, boolean everything) {
        if (candidate.length < count) {
            candidate = new boolean[Math.max(count, candidate.length * 2)];
        }
        for (int k = 0; k < count; k++) {
            candidate[k] = everything || (strings.get(3 * k + 2) & JsonSyntaxChecker.OPAQUE_ESCAPE) != 0;
        }
        for (int h = 0; h < hits.size(); h += 2) {
            int hs = hits.get(h);
            int he = hits.get(h + 1);
            int lo = 0;
            int hi = count - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (strings.get(3 * mid) <= hs) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            if (found >= 0 && he <= strings.get(3 * found + 1)) {
                candidate[found] = true;
            }
        }
    }

    @Override
    public void string(long start, long end, int flags) {
        strings.add((int) start + offset);
        strings.add((int) end + offset);
        strings.add(flags);
        anyOpaque |= (flags & JsonSyntaxChecker.OPAQUE_ESCAPE) != 0;
    }
}
