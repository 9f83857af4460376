package dev.convergence.core.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges two canonical versions of an append-only transcript without losing or duplicating a
 * line: the common prefix, then the lines only one side has. When both sides grew past the
 * prefix (a session resumed on two machines), both tails are kept, the one whose first record
 * is older first, the other without the lines the first already holds (as a multiset, so a
 * bookkeeping line legitimately repeated is kept as often as either side has it). The result
 * depends only on the two inputs, not on which side is "mine", so every machine computes the
 * same bytes.
 */
public final class TranscriptMerge {

    private static final byte[] TIMESTAMP_KEY = "\"timestamp\":\"".getBytes(StandardCharsets.US_ASCII);

    private TranscriptMerge() {
    }

    /** What the merge produced relative to its inputs. */
    public record Outcome(boolean equalsCluster, boolean equalsMine) {
    }

    public static Outcome merge(InputStream cluster, InputStream mine, OutputStream out) throws IOException {
        Emitter emit = new Emitter(out);
        try (LineReader c = new LineReader(cluster); LineReader m = new LineReader(mine)) {
            byte[] lc = c.next();
            byte[] lm = m.next();
            while (lc != null && lm != null && Arrays.equals(LineReader.body(lc), LineReader.body(lm))) {
                emit.line(LineReader.isComplete(lc) ? lc : lm);
                lc = c.next();
                lm = m.next();
            }
            List<byte[]> tailC = rest(lc, c);
            List<byte[]> tailM = rest(lm, m);
            if (tailM.isEmpty()) {
                tailC.forEach(emit::line);
                return new Outcome(true, tailC.isEmpty());
            }
            if (tailC.isEmpty()) {
                tailM.forEach(emit::line);
                return new Outcome(false, true);
            }
            boolean clusterFirst = compare(tailC.get(0), tailM.get(0)) <= 0;
            List<byte[]> first = clusterFirst ? tailC : tailM;
            List<byte[]> second = clusterFirst ? tailM : tailC;
            Map<Key, Integer> counts = new HashMap<>();
            for (byte[] l : first) {
                counts.merge(new Key(LineReader.body(l)), 1, Integer::sum);
                emit.line(l);
            }
            boolean secondAbsorbed = true;
            for (byte[] l : second) {
                Key k = new Key(LineReader.body(l));
                Integer n = counts.get(k);
                if (n != null && n > 0) {
                    counts.put(k, n - 1);
                } else {
                    emit.line(l);
                    secondAbsorbed = false;
                }
            }
            return new Outcome(clusterFirst && secondAbsorbed, !clusterFirst && secondAbsorbed);
        }
    }

    private static List<byte[]> rest(byte[] first, LineReader r) throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (byte[] l = first; l != null; l = r.next()) {
            out.add(l);
        }
        return out;
    }

    /** Older record first (by its {@code timestamp}, records without one first), then by bytes. */
    static int compare(byte[] a, byte[] b) {
        int t = timestamp(a).compareTo(timestamp(b));
        return t != 0 ? t : Arrays.compareUnsigned(LineReader.body(a), LineReader.body(b));
    }

    static String timestamp(byte[] line) {
        int at = indexOf(line, TIMESTAMP_KEY, 0);
        if (at < 0) {
            return "";
        }
        int start = at + TIMESTAMP_KEY.length;
        int end = start;
        while (end < line.length && line[end] != '"' && end - start < 40) {
            end++;
        }
        return new String(line, start, end - start, StandardCharsets.US_ASCII);
    }

    static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Writes lines, adding the newline an unterminated line needs when another line follows it. */
    private static final class Emitter {
        private final OutputStream out;
        private boolean owesNewline;

        Emitter(OutputStream out) {
            this.out = out;
        }

        void line(byte[] l) {
            try {
                if (owesNewline) {
                    out.write('\n');
                }
                out.write(l);
                owesNewline = !LineReader.isComplete(l);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
