package dev.convergence.core.rewrite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The line prefilter: tells whether any of a few short byte strings occurs at a position of raw
 * bytes, keyed by the rarest byte of each needle (its "key byte", always printable ASCII other than
 * {@code "} and {@code \}, so the JSON checker can look for it inside its plain-string loop). A
 * string of a JSON line is decoded only if a needle occurs inside it. Immutable.
 */
final class ByteNeedles {

    /** A byte string; {@code asciiCaseInsensitive} folds ASCII letters. */
    record Needle(byte[] bytes, boolean asciiCaseInsensitive) {
    }

    private final Needle[] needles;
    private final byte[][] bytes;
    private final int[] rareOffset;
    /** Bit i set: byte value is the rare byte of needle i (at most 32 needles). */
    private final int[] table = new int[256];
    /** True when some anchor has no usable needle: every string must be decoded. */
    private final boolean matchesEverything;

    private ByteNeedles(List<Needle> list) {
        List<Needle> kept = reduce(list);
        boolean everything = list.stream().anyMatch(java.util.Objects::isNull) || kept.size() > 32;
        this.needles = kept.toArray(new Needle[0]);
        this.bytes = new byte[needles.length][];
        this.rareOffset = new int[needles.length];
        for (int i = 0; i < needles.length; i++) {
            byte[] b = needles[i].bytes();
            bytes[i] = b;
            int best = -1;
            for (int k = 0; k < b.length; k++) {
                if (canBeKey(b[k]) && (best < 0 || commonness(b[k]) < commonness(b[best]))) {
                    best = k;
                }
            }
            if (best < 0) {
                // No byte the checker's string loop can key on (never the case for path needles,
                // which hold a separator): decode every string rather than miss an anchor.
                everything = true;
                continue;
            }
            rareOffset[i] = best;
            int v = b[best] & 0xff;
            table[v] |= 1 << i;
            if (needles[i].asciiCaseInsensitive() && Character.isLetter(v) && v < 128) {
                table[v ^ 0x20] |= 1 << i;
            }
        }
        this.matchesEverything = everything;
    }

    private static boolean canBeKey(byte b) {
        return b >= 0x20 && b != '"' && b != '\\' && b != 0x7f;
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

    /** Whether byte value {@code v} is the key byte of some needle (then {@link #occursAt} is worth asking). */
    boolean isKey(int v) {
        return table[v] != 0;
    }

    /**
     * Whether a needle whose key byte is {@code b[i]} occurs there, lying wholly inside
     * {@code b[from..to)}.
     */
    boolean occursAt(byte[] b, int i, int from, int to) {
        int mask = table[b[i] & 0xff];
        while (mask != 0) {
            int n = Integer.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            byte[] nb = bytes[n];
            int start = i - rareOffset[n];
            int end = start + nb.length;
            if (start >= from && end <= to && (needles[n].asciiCaseInsensitive()
                    ? regionMatches(b, start, needles[n])
                    : b[start] == nb[0] && b[end - 1] == nb[nb.length - 1] && Arrays.equals(b, start, end, nb, 0, nb.length))) {
                return true;
            }
        }
        return false;
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
