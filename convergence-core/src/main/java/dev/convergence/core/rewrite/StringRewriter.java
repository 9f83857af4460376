package dev.convergence.core.rewrite;

/**
 * The FORMAT.md rules on decoded text, in one left-to-right pass that can be fed in bounded
 * windows: canonicalize lifts literal sentinels one {@code _LIT} level and replaces anchors
 * (longest first, boundary-checked) by sentinels; localize expands real sentinels and lowers
 * escaped ones. What spans a window boundary is carried in {@link State}: the previous character
 * (for the boundary rule), a Windows path tail being re-separated, and a {@code _LIT} chain whose
 * end has not been seen yet. Immutable and thread-safe; the state is per text.
 */
final class StringRewriter {

    private static final int NORMAL = 0;
    private static final int TAIL = 1;
    private static final int CHAIN = 2;

    /** Where one text's rewrite stands between windows; also counts hits per sentinel. */
    static final class State {
        private char prev;
        private boolean hasPrev;
        private int mode = NORMAL;
        private boolean tailInSegment;
        /** Set when the output differs from the input; the caller clears it per segment. */
        boolean changed;
        final long[] hits;

        State(int sentinels) {
            this.hits = new long[sentinels];
        }

        /** Starts a new text, keeping the hit counts. */
        void reset() {
            hasPrev = false;
            mode = NORMAL;
            tailInSegment = false;
            changed = false;
        }
    }

    private final Anchors anchors;
    private final boolean canonicalize;
    private final String[] sentinels;
    private final String[] openers;

    StringRewriter(Anchors anchors, boolean canonicalize) {
        this.anchors = anchors;
        this.canonicalize = canonicalize;
        int n = anchors.names().size();
        this.sentinels = new String[n];
        this.openers = new String[n];
        for (int i = 0; i < n; i++) {
            openers[i] = "{{" + anchors.names().get(i);
            sentinels[i] = openers[i] + "}}";
        }
    }

    State newState() {
        return new State(sentinels.length);
    }

    /** Rewrites a whole text; returns the same instance when nothing changes. */
    String rewrite(String text, State st) {
        st.reset();
        char[] s = text.toCharArray();
        StringBuilder out = new StringBuilder(s.length + 32);
        rewrite(s, 0, s.length, true, out, st);
        return st.changed ? out.toString() : text;
    }

    /**
     * Rewrites {@code s[from..to)} into {@code out}. Unless {@code last}, it stops where deciding
     * would need characters beyond {@code to} (never between a surrogate pair) and returns the
     * index it consumed up to; the caller carries the rest into the next window.
     */
    int rewrite(char[] s, int from, int to, boolean last, StringBuilder out, State st) {
        int limit = to;
        if (!last) {
            limit = Math.max(from, to - anchors.lookahead());
            if (limit > from && Character.isHighSurrogate(s[limit - 1])) {
                limit--;
            }
        }
        int i = from;
        while (i < limit) {
            char c = s[i];
            if (st.mode == TAIL) {
                if (Anchor.isSeparator(c)) {
                    char o = canonicalize ? '/' : '\\';
                    st.changed |= o != c;
                    out.append(o);
                    st.tailInSegment = true;
                    i = consumed(st, c, i);
                    continue;
                }
                if (st.tailInSegment && isTailChar(c)) {
                    out.append(c);
                    i = consumed(st, c, i);
                    continue;
                }
                st.mode = NORMAL;
            } else if (st.mode == CHAIN) {
                if (regionMatches(s, i, to, "_LIT")) {
                    out.append("_LIT");
                    i = consumed(st, 'T', i + 3);
                    continue;
                }
                if (regionMatches(s, i, to, "}}")) {
                    // canonicalize lifts the chain one level; localize drops the held _LIT
                    out.append(canonicalize ? "_LIT}}" : "}}");
                    st.changed = true;
                    st.mode = NORMAL;
                    i = consumed(st, '}', i + 1);
                    continue;
                }
                if (!canonicalize) {
                    out.append("_LIT");
                }
                st.mode = NORMAL;
            }
            int next = c == '{' ? sentinelAt(s, i, to, out, st) : -1;
            if (next < 0 && canonicalize && anchors.mayStartMatch(c)) {
                next = anchorAt(s, i, to, last, out, st);
            }
            if (next >= 0) {
                i = next;
                continue;
            }
            out.append(c);
            i = consumed(st, c, i);
        }
        if (last && st.mode == CHAIN && !canonicalize) {
            out.append("_LIT");
        }
        if (last) {
            st.mode = NORMAL;
        }
        return i;
    }

    private static int consumed(State st, char last, int index) {
        st.prev = last;
        st.hasPrev = true;
        return index + 1;
    }

    /** Handles a {@code {{NAME}}} or {@code {{NAME_LIT...}}} token at i; returns the next index or -1. */
    private int sentinelAt(char[] s, int i, int to, StringBuilder out, State st) {
        if (i + 1 >= to || s[i + 1] != '{') {
            return -1;
        }
        for (int n = 0; n < sentinels.length; n++) {
            String opener = openers[n];
            if (!regionMatches(s, i, to, opener)) {
                continue;
            }
            int j = i + opener.length();
            if (regionMatches(s, j, to, "}}")) {
                if (canonicalize) {
                    out.append(opener).append("_LIT}}");
                    st.changed = true;
                } else {
                    expand(n, out, st);
                }
                return consumed(st, '}', j + 1);
            }
            if (regionMatches(s, j, to, "_LIT")) {
                out.append(opener);
                if (canonicalize) {
                    out.append("_LIT");
                }
                st.mode = CHAIN;
                return consumed(st, 'T', j + 3);
            }
        }
        return -1;
    }

    private void expand(int sentinel, StringBuilder out, State st) {
        String anchor = anchors.expansion(sentinel);
        if (anchor == null) {
            // No anchor for this tier here (e.g. home rewriting is off): keep the sentinel.
            out.append(sentinels[sentinel]);
            return;
        }
        out.append(anchor);
        st.changed = true;
        st.hits[sentinel]++;
        if (anchors.windows()) {
            st.mode = TAIL;
            st.tailInSegment = false;
        }
    }

    /** Replaces the longest anchor matching at i (with the boundary rule); returns the next index or -1. */
    private int anchorAt(char[] s, int i, int to, boolean last, StringBuilder out, State st) {
        if (st.hasPrev && ClaudePaths.isAsciiAlphanumeric(st.prev)) {
            return -1;
        }
        for (Anchor a : anchors.matchable()) {
            int end = i + a.text().length();
            if (a.matchesAt(s, i, to) && boundaryAfter(s, end, to)) {
                out.append(sentinels[a.sentinelIndex()]);
                st.changed = true;
                st.hits[a.sentinelIndex()]++;
                if (anchors.windows()) {
                    st.mode = TAIL;
                    st.tailInSegment = false;
                }
                return consumed(st, s[end - 1], end - 1);
            }
        }
        return -1;
    }

    /** Not followed by {@code [A-Za-z0-9_-]}, nor by {@code .} and an alphanumeric. */
    private static boolean boundaryAfter(char[] s, int j, int to) {
        if (j >= to) {
            return true;
        }
        char c = s[j];
        if (ClaudePaths.isAsciiAlphanumeric(c) || c == '_' || c == '-') {
            return false;
        }
        return !(c == '.' && j + 1 < to && ClaudePaths.isAsciiAlphanumeric(s[j + 1]));
    }

    private static boolean isTailChar(char c) {
        return ClaudePaths.isAsciiAlphanumeric(c) || c == '.' || c == '_' || c == '~' || c == '+' || c == '-';
    }

    private static boolean regionMatches(char[] s, int i, int to, String t) {
        if (to - i < t.length()) {
            return false;
        }
        for (int k = 0; k < t.length(); k++) {
            if (s[i + k] != t.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
