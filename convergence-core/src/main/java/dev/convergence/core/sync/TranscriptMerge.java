package dev.convergence.core.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

    /** Merges in memory-light form, spooling diverged tails to the system temp dir. */
    public static Outcome merge(InputStream cluster, InputStream mine, OutputStream out) throws IOException {
        return merge(cluster, mine, out, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Merges {@code cluster} and {@code mine} into {@code out}. Heap use does not grow with the
     * files: the common prefix streams through, and diverged tails are spooled under {@code tempDir}
     * with 16 bytes per line kept in memory.
     */
    public static Outcome merge(InputStream cluster, InputStream mine, OutputStream out, Path tempDir) throws IOException {
        Emitter emit = new Emitter(out);
        try (LineReader c = new LineReader(cluster); LineReader m = new LineReader(mine);
             LineSpool tailC = new LineSpool(tempDir); LineSpool tailM = new LineSpool(tempDir)) {
            byte[] lc = c.next();
            byte[] lm = m.next();
            while (lc != null && lm != null && Arrays.equals(LineReader.body(lc), LineReader.body(lm))) {
                emit.line(LineReader.isComplete(lc) ? lc : lm);
                lc = c.next();
                lm = m.next();
            }
            for (byte[] l = lc; l != null; l = c.next()) {
                tailC.add(l);
            }
            for (byte[] l = lm; l != null; l = m.next()) {
                tailM.add(l);
            }
            if (tailM.count() == 0) {
                tailC.forEach((i, l) -> emit.line(l));
                return new Outcome(true, tailC.count() == 0);
            }
            if (tailC.count() == 0) {
                tailM.forEach((i, l) -> emit.line(l));
                return new Outcome(false, true);
            }
            boolean clusterFirst = compare(tailC.first(), tailM.first()) <= 0;
            LineSpool first = clusterFirst ? tailC : tailM;
            LineSpool second = clusterFirst ? tailM : tailC;
            Map<Long, List<Integer>> byHash = new HashMap<>();
            for (int i = 0; i < first.count(); i++) {
                byHash.computeIfAbsent(first.hash(i), k -> new ArrayList<>(1)).add(i);
            }
            first.forEach((i, l) -> emit.line(l));
            boolean[] absorbedAll = {true};
            second.forEach((i, l) -> {
                List<Integer> candidates = byHash.get(LineSpool.hash(LineReader.body(l)));
                if (candidates != null) {
                    for (int k = 0; k < candidates.size(); k++) {
                        if (Arrays.equals(LineReader.body(first.line(candidates.get(k))), LineReader.body(l))) {
                            candidates.remove(k);
                            return;
                        }
                    }
                }
                emit.line(l);
                absorbedAll[0] = false;
            });
            return new Outcome(clusterFirst && absorbedAll[0], !clusterFirst && absorbedAll[0]);
        }
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
}
