package dev.convergence.core.rewrite;

import java.util.ArrayList;
import java.util.List;

/**
 * The line prefilter: finds where any of a few short byte strings occurs in raw bytes, in one
 * pass that looks each byte up in a table keyed by the rarest byte of each needle. A string of a
 * JSON line is decoded only if a needle occurs inside it. Immutable.
 */
final class ByteNeedles {

    /** A byte string; {@code asciiCaseInsensitive} folds ASCII letters. */
    record Needle(byte[] bytes, boolean asciiCaseInsensitive) {
    }

    private final Needle[] needles;
    private final int[] rareOffset;
    /** Bit i set: byte value is the rare byte of needle i (at most 32 needles). */
    private final int[] table = new int[256];
    /** True when some anchor has no usable needle: every string must be decoded. */
    private final boolean matchesEverything;

    private ByteNeedles(List<Needle> list) {
        List<Needle> kept = reduce(list);
        this.matchesEverything = list.stream().anyMatch(java.util.Objects::isNull) || kept.size() > 32;
        this.needles = kept.toArray(new Needle[0]);
        this.rareOffset = new int[needles.length];
        for (int i = 0; i < needles.length; i++) {
            byte[] b = needles[i].bytes();
            int best = 0;
            for (int k = 1; k < b.length; k++) {
                if (commonness(b[k]) < commonness(b[best])) {
                    best = k;
                }
            }
            rareOffset[i] = best;
            int v = b[best] & 0xff;
            table[v] |= 1 << i;
            if (needles[i].asciiCaseInsensitive() && Character.isLetter(v) && v < 128) {
                table[v ^ 0x20] |= 1 << i;
            }
        }
    }

    static ByteNeedles of(List<Needle> list) {
        return new ByteNeedles(list);
    }

    boolean matchesEverything() {
        return matchesEverything;
    }

    /** Drops a needle when a shorter kept needle of the same mode occurs inside it (it adds nothing). */
    private static List<Needle> reduce(List<Needle> list) {
        List<Needle> sorted = new ArrayList<>();
        for (Needle n : list) {
            if (n != null) {
                sorted.add(n);
            }
        }
        sorted.sort((a, b) -> Integer.compare(a.bytes().length, b.bytes().length));
        List<Needle> kept = new ArrayList<>();
        for (Needle n : sorted) {
            boolean redundant = false;
            for (Needle k : kept) {
                if (k.asciiCaseInsensitive() == n.asciiCaseInsensitive()
                        && indexOf(n.bytes(), 0, n.bytes().length, k) >= 0) {
                    redundant = true;
                    break;
                }
            }
            if (!redundant) {
                kept.add(n);
            }
        }
        return kept;
    }

    /**
     * Adds {@code start, end} pairs of every needle occurrence in {@code b[from..to)} to
     * {@code hits}; returns whether there was any.
     */
    boolean findAll(byte[] b, int from, int to, IntList hits) {
        boolean any = false;
        int[] t = table;
        for (int i = from; i < to; i++) {
            int mask = t[b[i] & 0xff];
            if (mask != 0) {
                any |= check(b, from, to, i, mask, hits);
            }
        }
        return any;
    }

    private boolean check(byte[] b, int from, int to, int i, int mask, IntList hits) {
        boolean any = false;
        for (int n = 0; n < needles.length; n++) {
            if ((mask & (1 << n)) != 0) {
                int start = i - rareOffset[n];
                int len = needles[n].bytes().length;
                if (start >= from && start + len <= to && regionMatches(b, start, needles[n])) {
                    hits.add(start);
                    hits.add(start + len);
                    any = true;
                }
            }
        }
        return any;
    }

    static int indexOf(byte[] b, int from, int to, Needle n) {
        for (int i = from; i + n.bytes().length <= to; i++) {
            if (regionMatches(b, i, n)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean regionMatches(byte[] b, int start, Needle n) {
        byte[] nb = n.bytes();
        for (int k = 0; k < nb.length; k++) {
            byte x = b[start + k];
            byte y = nb[k];
            if (x != y && !(n.asciiCaseInsensitive() && Anchor.sameLetter((char) (x & 0xff), (char) (y & 0xff)))) {
                return false;
            }
        }
        return true;
    }

    /** A rough frequency rank of a byte in transcripts (paths, English, JSON); lower is rarer. */
    private static int commonness(byte b) {
        int c = b & 0xff;
        if ("/ e\"tao:,isnrhl._-{}".indexOf(c) >= 0) {
            return 10;
        }
        if (c >= 'a' && c <= 'z') {
            return 5;
        }
        if (c >= '0' && c <= '9') {
            return 3;
        }
        return 1;
    }
}
