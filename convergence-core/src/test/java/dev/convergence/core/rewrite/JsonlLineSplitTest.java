package dev.convergence.core.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convergence.api.rewrite.RewritePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** JSONL is split at each {@code '\n'} by an eight-bytes-at-a-time search; it must find exactly the first one. */
class JsonlLineSplitTest {

    @Test
    void newlineSearchFindsTheFirstNewlineAtEveryOffset() {
        Random random = new Random(42);
        // Bytes next to '\n' in value or in bits, where a word-at-a-time zero test could go wrong.
        byte[] alphabet = {'\n', 0x0B, 0x09, (byte) 0x8A, (byte) 0x8B, 0x00, (byte) 0xFF, 'a', '"', 0x01};
        for (int n = 0; n < 20_000; n++) {
            byte[] b = new byte[random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('a' + random.nextInt(26));
            }
            int from = b.length == 0 ? 0 : random.nextInt(b.length + 1);
            int to = from + random.nextInt(b.length - from + 1);
            assertEquals(naive(b, from, to), StreamRewriter.indexOfNewline(b, from, to));
        }
    }

    @Test
    void everyLineLengthAroundAWordSplitsAndRewrites() {
        PathRewriter alice = PathRewriter.of(Layouts.ALICE, RewritePolicy.DEFAULT);
        StringBuilder in = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int pad = 0; pad < 24; pad++) {
            String p = "Ċ".repeat(pad % 3) + "x".repeat(pad);
            in.append("{\"a\":\"").append(p).append(" /home/alice\"}\n");
            expected.append("{\"a\":\"").append(p).append(" {{CC_HOME}}\"}\n");
            in.append("\n");
            expected.append("\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RewriteStats stats = alice.canonicalize(FileKind.JSONL,
                new ByteArrayInputStream(in.toString().getBytes(StandardCharsets.UTF_8)), out, true);
        assertEquals(expected.toString(), out.toString(StandardCharsets.UTF_8));
        assertEquals(48, stats.lines());
        assertEquals(24, stats.changedLines());
    }

    private static int naive(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
