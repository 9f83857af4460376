package dev.convergence.core.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The checker's eight-bytes-per-step string loop must see exactly what the per-byte loop sees.
 * The reference is the same checker fed one byte per call (a word never fits, so only the byte
 * table runs), and for needle flags a plain walk over each string's raw bytes. Seeded; a failing
 * case names its seed, rerun one with {@code -Dconvergence.seed=N}.
 */
class JsonSyntaxCheckerWordSkipTest {

    private static final long BASE_SEED = Long.getLong("convergence.seed", 20261125L);
    private static final int CASES = 4000;

    /** Needle sets with one, two, three and more key bytes (the last runs only the byte table). */
    private static final List<ByteNeedles> NEEDLE_SETS = List.of(
            needles(false, "{{CC_"),
            needles(false, "{{CC_", "/tmp/e2/home/alice"),
            needles(false, "{{CC_", "/tmp/e2/home/alice", "Users/Q"),
            needles(true, "{{CC_", "Users", "x7", "Temp#", "a%b"));

    /** Runs of bytes the per-byte loop stops at, or that make it hand over to another state. */
    private static final List<String> PIECES = List.of(
            "\\\"", "\\\\", "\\/", "\\n", "\\u00e9", "\\u002F", "\\uZZZZ", "\\q", "\\", "\"",
            "{{CC_", "{{CC_HOME}}", "{{cc_", "{{C", "CC", "/tmp/e2/home/alice", "/tmp/e2/home/alic", "users", "USERS",
            "Users/Q", "x7", "Temp#", "A%B", "C", "2", "{", "Q", "%", "#",
            "é", "日本", "😀", "\u007f");

    private static final byte[][] RAW_PIECES = {
        {0x00}, {0x01}, {0x09}, {0x0a}, {0x1f}, {0x20},
        // Invalid UTF-8: lone continuations, overlongs, a surrogate, past U+10FFFF, truncated.
        {(byte) 0x80}, {(byte) 0xbf}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xe0, (byte) 0x80, (byte) 0x80},
        {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xf5}, {(byte) 0xff}, {(byte) 0xc2}, {(byte) 0xe2, (byte) 0x82},
        {(byte) 0xf0, (byte) 0x9f, (byte) 0x98}};

    private record Scan(boolean fedOk, boolean finished, JsonSyntaxChecker.Failure failure, List<List<Long>> strings) {
    }

    @Test
    void wholeFeedsAgreeWithTheByteTableOnEveryInput() {
        for (int c = 0; c < CASES; c++) {
            long seed = BASE_SEED + c;
            Random r = new Random(seed);
            byte[] text = randomText(r);
            int pad = r.nextInt(16);
            byte[] buf = new byte[pad + text.length + r.nextInt(16)];
            // What lies outside the fed range must never count: quotes, key bytes and needles.
            Arrays.fill(buf, (byte) 'C');
            byte[] junk = "\"{{CC_\\\u0001".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(junk, 0, buf, 0, Math.min(pad, junk.length));
            System.arraycopy(text, 0, buf, pad, text.length);
            ByteNeedles needles = r.nextInt(5) == 0 ? null : NEEDLE_SETS.get(r.nextInt(NEEDLE_SETS.size()));

            Scan whole = scan(buf, pad, text.length, needles, text.length);
            Scan reference = scan(buf, pad, text.length, null, 1);
            List<List<Long>> expected = new ArrayList<>();
            for (List<Long> s : reference.strings()) {
                long flags = s.get(2);
                if (needles != null && needleInside(buf, pad, text.length, s.get(0), s.get(1), needles)) {
                    flags |= JsonSyntaxChecker.NEEDLE;
                }
                expected.add(List.of(s.get(0), s.get(1), flags));
            }
            String why = "seed " + seed + ": " + describe(text);
            assertEquals(reference.fedOk(), whole.fedOk(), why);
            assertEquals(reference.finished(), whole.finished(), why);
            assertEquals(reference.failure(), whole.failure(), why);
            assertEquals(expected, whole.strings(), why);
        }
    }

    @Test
    void chunkedFeedsWithoutNeedlesAgreeWithTheByteTable() {
        for (int c = 0; c < CASES; c++) {
            long seed = BASE_SEED + 1_000_000 + c;
            Random r = new Random(seed);
            byte[] text = randomText(r);
            Scan chunked = scan(text, 0, text.length, null, 1 + r.nextInt(24));
            Scan reference = scan(text, 0, text.length, null, 1);
            String why = "seed " + seed + ": " + describe(text);
            assertEquals(reference, chunked, why);
        }
    }

    /** Feeds {@code b[off..off+len)} in chunks of {@code chunk} bytes (needles need one chunk). */
    private static Scan scan(byte[] b, int off, int len, ByteNeedles needles, int chunk) {
        JsonSyntaxChecker checker = new JsonSyntaxChecker();
        List<List<Long>> strings = new ArrayList<>();
        checker.reset((start, end, flags) -> strings.add(List.of(start, end, (long) flags)), needles);
        boolean ok = true;
        for (int i = 0; i < len && ok; i += chunk) {
            ok = checker.feed(b, off + i, Math.min(chunk, len - i));
        }
        boolean finished = ok && checker.finish();
        return new Scan(ok, finished, checker.failure(), strings);
    }

    /**
     * Whether a needle's key byte, met as string content (not as an escape's letter or hex digit),
     * starts a needle lying inside the text: what the flag promises.
     */
    private static boolean needleInside(byte[] b, int off, int len, long start, long end, ByteNeedles needles) {
        for (int i = off + (int) start; i < off + (int) end; i++) {
            if (b[i] == '\\') {
                i += b[i + 1] == 'u' ? 5 : 1;
            } else if (needles.isKey(b[i] & 0xff) && needles.occursAt(b, i, off, off + len)) {
                return true;
            }
        }
        return false;
    }

    /** JSON values (mostly valid) whose strings mix long plain runs with every byte the loop stops at. */
    private static byte[] randomText(Random r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"k\":[".getBytes(StandardCharsets.UTF_8));
        int values = 1 + r.nextInt(4);
        for (int v = 0; v < values; v++) {
            if (v > 0) {
                out.write(',');
            }
            out.write('"');
            int parts = r.nextInt(8);
            for (int p = 0; p < parts; p++) {
                int plain = r.nextInt(4) == 0 ? r.nextInt(40) : r.nextInt(9);
                for (int k = 0; k < plain; k++) {
                    out.write("abcdefghijklmnopqrstuvwxyz ./-_:,".charAt(r.nextInt(33)));
                }
                if (r.nextInt(8) == 0) {
                    out.writeBytes(RAW_PIECES[r.nextInt(RAW_PIECES.length)]);
                } else {
                    out.writeBytes(PIECES.get(r.nextInt(PIECES.size())).getBytes(StandardCharsets.UTF_8));
                }
            }
            out.write('"');
        }
        out.writeBytes("],\"n\":-1.5e3}".getBytes(StandardCharsets.UTF_8));
        byte[] text = out.toByteArray();
        // Cut short now and then: the end of the input falls inside a string at every alignment.
        return r.nextInt(6) == 0 ? Arrays.copyOf(text, r.nextInt(text.length + 1)) : text;
    }

    private static ByteNeedles needles(boolean caseInsensitive, String... texts) {
        List<ByteNeedles.Needle> list = new ArrayList<>();
        for (String t : texts) {
            list.add(new ByteNeedles.Needle(t.getBytes(StandardCharsets.UTF_8), caseInsensitive));
        }
        return ByteNeedles.of(list);
    }

    private static String describe(byte[] text) {
        StringBuilder sb = new StringBuilder();
        for (byte x : text) {
            int v = x & 0xff;
            sb.append(v >= 0x20 && v < 0x7f ? String.valueOf((char) v) : String.format("\\x%02x", v));
        }
        return sb.toString();
    }
}
