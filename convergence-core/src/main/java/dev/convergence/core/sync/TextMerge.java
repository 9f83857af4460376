package dev.convergence.core.sync;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Three-way merge of text files (memory {@code .md}) by lines against the base this machine last
 * converged on. Changes on one side apply cleanly; a true overlap keeps both sides between
 * conflict markers (never dropping either). In union mode ({@code MEMORY.md}, an index of one
 * line per entry) an overlap keeps every line of both sides instead, so two machines adding
 * entries never conflict.
 */
public final class TextMerge {

    public static final String MINE_MARKER = "<<<<<<< this machine";
    public static final String SPLIT_MARKER = "=======";
    public static final String THEIRS_MARKER = ">>>>>>> cluster";

    private static final int MAX_CELLS = 16_000_000;

    private TextMerge() {
    }

    /** The merged text and whether it holds conflict markers. */
    public record Result(String text, boolean conflict) {
    }

    public static Result merge(String base, String mine, String theirs, boolean union) {
        if (mine.equals(theirs) || theirs.equals(base)) {
            return new Result(mine, false);
        }
        if (mine.equals(base)) {
            return new Result(theirs, false);
        }
        List<String> b = lines(base);
        List<String> m = lines(mine);
        List<String> t = lines(theirs);
        if ((long) b.size() * Math.max(m.size(), t.size()) > MAX_CELLS) {
            return whole(m, t, union);
        }
        List<Hunk> hm = hunks(b, m);
        List<Hunk> ht = hunks(b, t);
        StringBuilder out = new StringBuilder();
        boolean conflict = false;
        int pos = 0;
        int im = 0;
        int it = 0;
        while (im < hm.size() || it < ht.size()) {
            int start = Math.min(im < hm.size() ? hm.get(im).start : Integer.MAX_VALUE,
                    it < ht.size() ? ht.get(it).start : Integer.MAX_VALUE);
            int end = start;
            List<Hunk> gm = new ArrayList<>();
            List<Hunk> gt = new ArrayList<>();
            boolean grew = true;
            while (grew) {
                grew = false;
                if (im < hm.size() && overlaps(hm.get(im), start, end)) {
                    end = Math.max(end, hm.get(im).end);
                    gm.add(hm.get(im++));
                    grew = true;
                }
                if (it < ht.size() && overlaps(ht.get(it), start, end)) {
                    end = Math.max(end, ht.get(it).end);
                    gt.add(ht.get(it++));
                    grew = true;
                }
            }
            append(out, b.subList(pos, start));
            List<String> vm = apply(b, start, end, gm);
            List<String> vt = apply(b, start, end, gt);
            if (gt.isEmpty() || vm.equals(vt)) {
                append(out, vm);
            } else if (gm.isEmpty()) {
                append(out, vt);
            } else if (union) {
                LinkedHashSet<String> both = new LinkedHashSet<>(vt);
                both.addAll(vm);
                append(out, new ArrayList<>(both));
            } else {
                conflict = true;
                out.append(MINE_MARKER).append('\n');
                append(out, vm);
                out.append(SPLIT_MARKER).append('\n');
                append(out, vt);
                out.append(THEIRS_MARKER).append('\n');
            }
            pos = end;
        }
        append(out, b.subList(pos, b.size()));
        return new Result(out.toString(), conflict);
    }

    private static boolean overlaps(Hunk h, int start, int end) {
        return h.start < end || h.start == start || (h.start == end && h.start == h.end);
    }

    private static Result whole(List<String> m, List<String> t, boolean union) {
        StringBuilder out = new StringBuilder();
        if (union) {
            LinkedHashSet<String> both = new LinkedHashSet<>(t);
            both.addAll(m);
            append(out, new ArrayList<>(both));
            return new Result(out.toString(), false);
        }
        out.append(MINE_MARKER).append('\n');
        append(out, m);
        out.append(SPLIT_MARKER).append('\n');
        append(out, t);
        out.append(THEIRS_MARKER).append('\n');
        return new Result(out.toString(), true);
    }

    /** Lines with their terminators; the last may lack one. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    private static void append(StringBuilder out, List<String> lines) {
        for (String l : lines) {
            if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
            out.append(l);
        }
    }

    /** Replace base lines {@code [start, end)} by {@code lines}. */
    private record Hunk(int start, int end, List<String> lines) {
    }

    private static List<String> apply(List<String> base, int start, int end, List<Hunk> hunks) {
        List<String> out = new ArrayList<>();
        int pos = start;
        for (Hunk h : hunks) {
            out.addAll(base.subList(pos, h.start));
            out.addAll(h.lines);
            pos = h.end;
        }
        out.addAll(base.subList(pos, end));
        return out;
    }

    /** The edits that turn {@code base} into {@code other}, from a longest common subsequence. */
    private static List<Hunk> hunks(List<String> base, List<String> other) {
        int n = base.size();
        int m = other.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = base.get(i).equals(other.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Hunk> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        int hi = 0;
        int hj = 0;
        while (i < n || j < m) {
            if (i < n && j < m && base.get(i).equals(other.get(j))) {
                if (hi < i || hj < j) {
                    out.add(new Hunk(hi, i, new ArrayList<>(other.subList(hj, j))));
                }
                i++;
                j++;
                hi = i;
                hj = j;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                j++;
            } else {
                i++;
            }
        }
        if (hi < n || hj < m) {
            out.add(new Hunk(hi, n, new ArrayList<>(other.subList(hj, m))));
        }
        return out;
    }
}
