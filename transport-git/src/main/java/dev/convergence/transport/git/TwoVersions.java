package dev.convergence.transport.git;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;

/**
 * A transcript held twice in one tree: as chunks (written by us) and as a plain blob (written by a
 * client that does not know chunks, e.g. the reference client pushing its own copy). Reading it
 * gives every line of both, none twice: the chunked version, then the blob's lines it lacks (as
 * a multiset, compared byte for byte), in the blob's order. The next publish of that transcript
 * stores the result as chunks and removes the blob. Its content id is
 * {@code <tree id>+<blob id>}; it is read through a temp file, so it costs the file once.
 */
final class TwoVersions {

    private TwoVersions() {
    }

    static String id(String chunkTree, String blob) {
        return chunkTree + "+" + blob;
    }

    /** The chunk tree's and the blob's ids, when {@code contentId} names both. */
    static Optional<ObjectId[]> parse(String contentId) {
        int plus = contentId.indexOf('+');
        if (plus < 0) {
            return Optional.empty();
        }
        String tree = contentId.substring(0, plus);
        String blob = contentId.substring(plus + 1);
        if (!ObjectId.isId(tree) || !ObjectId.isId(blob)) {
            return Optional.empty();
        }
        return Optional.of(new ObjectId[] {ObjectId.fromString(tree), ObjectId.fromString(blob)});
    }

    /** Writes the union to a temp file in {@code tempDir} and streams it; the file is deleted on close. */
    static InputStream union(InputStream chunked, InputStream blob, Path tempDir) throws IOException {
        Files.createDirectories(tempDir);
        Path out = Files.createTempFile(tempDir, "union-", ".jsonl");
        try {
            write(chunked, blob, out);
            return new FilterInputStream(Files.newInputStream(out)) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        Files.deleteIfExists(out);
                    }
                }
            };
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(out);
            throw e;
        }
    }

    private static void write(InputStream chunkedIn, InputStream blobIn, Path out) throws IOException {
        List<long[]> tail = new ArrayList<>();
        Map<Integer, List<Integer>> byHash = new HashMap<>();
        long written = 0;
        boolean endsWithNewline = true;
        try (InputStream c = new BufferedInputStream(chunkedIn, 1 << 16); InputStream b = new BufferedInputStream(blobIn, 1 << 16)) {
            byte[] lb;
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                byte[] lc = line(c);
                lb = line(b);
                while (lc != null && lb != null && sameBody(lc, lb)) {
                    o.write(lc);
                    written += lc.length;
                    endsWithNewline = lc[lc.length - 1] == '\n';
                    lc = line(c);
                    lb = line(b);
                }
                for (; lc != null; lc = line(c)) {
                    byHash.computeIfAbsent(bodyHash(lc), k -> new ArrayList<>(1)).add(tail.size());
                    tail.add(new long[] {written, bodyLength(lc)});
                    o.write(lc);
                    written += lc.length;
                    endsWithNewline = lc[lc.length - 1] == '\n';
                }
            }
            try (RandomAccessFile raf = new RandomAccessFile(out.toFile(), "rw")) {
                for (; lb != null; lb = line(b)) {
                    if (absorbed(raf, lb, byHash.get(bodyHash(lb)), tail)) {
                        continue;
                    }
                    raf.seek(written);
                    if (!endsWithNewline) {
                        raf.write('\n');
                        written++;
                    }
                    raf.write(lb);
                    written += lb.length;
                    endsWithNewline = lb[lb.length - 1] == '\n';
                }
            }
        }
    }

    /** Whether one not yet matched line among {@code candidates} has exactly these bytes; that one is then used up. */
    private static boolean absorbed(RandomAccessFile raf, byte[] line, List<Integer> candidates, List<long[]> tail)
            throws IOException {
        if (candidates == null) {
            return false;
        }
        int length = bodyLength(line);
        for (int k = 0; k < candidates.size(); k++) {
            long[] at = tail.get(candidates.get(k));
            if (at[1] != length) {
                continue;
            }
            byte[] there = new byte[length];
            raf.seek(at[0]);
            raf.readFully(there);
            if (Arrays.equals(there, 0, length, line, 0, length)) {
                candidates.remove(k);
                return true;
            }
        }
        return false;
    }

    /** The next line with its {@code \n}, or the unterminated rest; null at the end. */
    private static byte[] line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(256);
        int ch;
        while ((ch = in.read()) >= 0) {
            b.write(ch);
            if (ch == '\n') {
                break;
            }
        }
        return b.size() == 0 ? null : b.toByteArray();
    }

    /** The line's length without {@code \n} or {@code \r\n}. */
    private static int bodyLength(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
            if (end > 0 && line[end - 1] == '\r') {
                end--;
            }
        }
        return end;
    }

    private static boolean sameBody(byte[] a, byte[] b) {
        return Arrays.equals(a, 0, bodyLength(a), b, 0, bodyLength(b));
    }

    private static int bodyHash(byte[] line) {
        int h = 1;
        for (int i = 0, n = bodyLength(line); i < n; i++) {
            h = 31 * h + line[i];
        }
        return h;
    }
}
