package dev.convergence.testkit;

import dev.convergence.api.transport.Content;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic, transcript-like content of any size, generated on the fly so that a test can
 * publish and verify hundreds of megabytes without holding them in memory.
 */
public final class GeneratedContent implements Content {

    private static final byte[][] WORDS = words("the build fails because parser drops trailing field so we read "
            + "config twice and cache never warms up after restart of worker let me check tests first then "
            + "fix import order in module é ü 漢字");

    private final long size;
    private final long seed;

    public GeneratedContent(long size, long seed) {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
        this.size = size;
        this.seed = seed;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() {
        return new Generator();
    }

    /** SHA-256 of the content, computed by streaming it once. */
    public String sha256() throws IOException {
        return sha256(open());
    }

    /** SHA-256 of a stream, read to its end and closed. */
    public static String sha256(InputStream in) throws IOException {
        try (in) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[][] words(String text) {
        String[] parts = text.split(" ");
        byte[][] out = new byte[parts.length][];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (parts[i] + ' ').getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    /** Lines of words chosen by a xorshift generator, cut at exactly {@code size} bytes. */
    private final class Generator extends InputStream {
        private final byte[] line = new byte[4096];
        private int lineLength;
        private int linePos;
        private long remaining = size;
        private long state = seed * 0x9E3779B97F4A7C15L + 1;
        private long lineNumber;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining == 0) {
                return -1;
            }
            int done = 0;
            while (done < len && remaining > 0) {
                if (linePos == lineLength) {
                    fillLine();
                }
                int n = (int) Math.min(Math.min(len - done, lineLength - linePos), remaining);
                System.arraycopy(line, linePos, b, off + done, n);
                linePos += n;
                done += n;
                remaining -= n;
            }
            return done;
        }

        private void fillLine() {
            byte[] prefix = ("{\"n\":" + lineNumber++ + ",\"text\":\"").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(prefix, 0, line, 0, prefix.length);
            int pos = prefix.length;
            int words = 8 + (int) (next() & 63);
            for (int i = 0; i < words; i++) {
                byte[] w = WORDS[(int) ((next() >>> 1) % WORDS.length)];
                System.arraycopy(w, 0, line, pos, w.length);
                pos += w.length;
            }
            line[pos++] = '"';
            line[pos++] = '}';
            line[pos++] = '\n';
            lineLength = pos;
            linePos = 0;
        }

        private long next() {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return state;
        }
    }
}
