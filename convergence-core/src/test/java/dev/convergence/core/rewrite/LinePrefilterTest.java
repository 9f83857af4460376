package dev.convergence.core.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.convergence.api.rewrite.RewritePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The single-pass line prefilter (needles found inside the JSON checker's string loop) decides
 * which strings are decoded; it must never change what a line becomes.
 */
class LinePrefilterTest {

    private final PathRewriter alice = PathRewriter.of(Layouts.ALICE, RewritePolicy.DEFAULT);
    private final PathRewriter bob = PathRewriter.of(Layouts.BOB, RewritePolicy.DEFAULT);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // after a multi-byte character, which the checker's plain loop hands over for
        "`{\"a\":\"é/home/alice/src/proj\"}`|`{\"a\":\"é{{CC_PROJECT_ROOT}}\"}`",
        "`{\"a\":\"日本/home/alice/src/proj/x\"}`|`{\"a\":\"日本{{CC_PROJECT_ROOT}}/x\"}`",
        // right after escapes
        "`{\"a\":\"\\n/home/alice/src/proj/x\"}`|`{\"a\":\"\\n{{CC_PROJECT_ROOT}}/x\"}`",
        "`{\"a\":\"\\\"/home/alice\\\"\"}`|`{\"a\":\"\\\"{{CC_HOME}}\\\"\"}`",
        // key bytes that match nothing before the one that does
        "`{\"a\":\"e2 alice home proj /home/alice/src/proj\"}`|`{\"a\":\"e2 alice home proj {{CC_PROJECT_ROOT}}\"}`",
        // the only candidate is the last string of the line, or an object key
        "`{\"a\":\"x\",\"b\":[1,true,null,\"y\"],\"c\":\"/home/alice\"}`|`{\"a\":\"x\",\"b\":[1,true,null,\"y\"],\"c\":\"{{CC_HOME}}\"}`",
        "`{\"/home/alice/src/proj/a.py\":{\"v\":1}}`|`{\"{{CC_PROJECT_ROOT}}/a.py\":{\"v\":1}}`",
        // a sentinel that must be lifted, found by the sentinel needle
        "`{\"a\":\"see {{CC_HOME}}\"}`|`{\"a\":\"see {{CC_HOME_LIT}}\"}`",
        // a top-level string
        "`\"/home/alice/src/proj\"`|`\"{{CC_PROJECT_ROOT}}\"`",
    })
    void candidateFoundAfterTheFastLoopHandsOver(String line, String canonical) {
        byte[] in = line.getBytes(StandardCharsets.UTF_8);
        assertEquals(canonical, new String(alice.canonicalizeLine(in), StandardCharsets.UTF_8));
        assertArrayEquals(in, alice.localizeLine(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`{\"a\":\"\\u002fhome/alice/src/proj\"}`|`{\"a\":\"{{CC_PROJECT_ROOT}}\"}`",
        "`{\"a\":\"\\/home\\/alice\"}`|`{\"a\":\"{{CC_HOME}}\"}`",
    })
    void anchorsHiddenFromTheNeedlesByEscapesAreStillFound(String line, String canonical) {
        byte[] in = line.getBytes(StandardCharsets.UTF_8);
        assertEquals(canonical, new String(alice.canonicalizeLine(in), StandardCharsets.UTF_8));
    }

    @Test
    void anchorBytesOutsideStringsChangeNothing() {
        byte[] notJson = "{\"a\":1} /home/alice/src/proj".getBytes(StandardCharsets.UTF_8);
        assertSame(notJson, alice.canonicalizeLine(notJson));
        byte[] noString = "[1,2,3]".getBytes(StandardCharsets.UTF_8);
        assertSame(noString, alice.canonicalizeLine(noString));
    }

    @Test
    void reusedLineRewritersNeverShareResults() {
        byte[] first = alice.canonicalizeLine("{\"a\":\"/home/alice\"}".getBytes(StandardCharsets.UTF_8));
        byte[] second = alice.canonicalizeLine("{\"b\":\"/home/alice/src/proj\"}".getBytes(StandardCharsets.UTF_8));
        String big = "x ".repeat(40_000);
        byte[] large = alice.canonicalizeLine(("{\"c\":\"" + big + "/home/alice\"}").getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"a\":\"{{CC_HOME}}\"}", new String(first, StandardCharsets.UTF_8));
        assertEquals("{\"b\":\"{{CC_PROJECT_ROOT}}\"}", new String(second, StandardCharsets.UTF_8));
        assertEquals("{\"c\":\"" + big + "{{CC_HOME}}\"}", new String(large, StandardCharsets.UTF_8));
    }

    @Test
    void windowsNeedlesMatchAnyCase() {
        byte[] in = "{\"a\":\"c:/USERS/BOB/work/proj/x\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("{\"a\":\"{{CC_PROJECT_ROOT}}/x\"}", new String(bob.canonicalizeLine(in), StandardCharsets.UTF_8));
    }

    @Test
    void needleNeverSpansTwoLinesOfAStream() {
        String text = "[\"/home/al\"]\n\"ice/src/proj\"\n\"/home/alice\"\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RewriteStats stats = alice.canonicalize(FileKind.JSONL,
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), out, true);
        assertEquals("[\"/home/al\"]\n\"ice/src/proj\"\n\"{{CC_HOME}}\"\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(1, stats.changedLines());
    }

    @Test
    void prefilteredLinesEqualDecodingEveryString() {
        Random random = new Random(20261125L);
        String[] pieces = {"/home/alice", "/home/alice/src/proj", "-home-alice-src-proj", "{{CC_HOME}}", "{{CC_",
            "/home/al", "alice", "proj", "é", "日本", "😀", "\\n", "\\\"", "\\\\", "\\/", "\\u0041", "\\u002f", " ", "x", "/",
            "home", ".", "-", "_", "/home/alice/.claude/projects/-home-alice-src-proj/a.jsonl", "{{CC_HOME_LIT}}"};
        for (PathRewriter rewriter : List.of(alice, bob)) {
            for (int n = 0; n < 3000; n++) {
                StringBuilder line = new StringBuilder("{");
                int fields = 1 + random.nextInt(4);
                for (int f = 0; f < fields; f++) {
                    line.append(f == 0 ? "" : ",").append('"').append(randomText(random, pieces)).append("\":");
                    line.append(random.nextBoolean() ? "[1,\"" + randomText(random, pieces) + "\"]"
                            : "\"" + randomText(random, pieces) + "\"");
                }
                byte[] in = line.append('}').toString().getBytes(StandardCharsets.UTF_8);
                byte[] expected = decodingEveryString(rewriter, in);
                assertArrayEquals(expected, rewriter.canonicalizeLine(in), () -> new String(in, StandardCharsets.UTF_8));
                byte[] canonical = rewriter.canonicalizeLine(in);
                assertArrayEquals(decodingEveryStringLocalize(rewriter, canonical), rewriter.localizeLine(canonical));
            }
        }
    }

    private static String randomText(Random random, String[] pieces) {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            s.append(pieces[random.nextInt(pieces.length)]);
        }
        return s.toString();
    }

    private static byte[] decodingEveryString(PathRewriter rewriter, byte[] line) {
        return reference(rewriter.rewriter(true), line);
    }

    private static byte[] decodingEveryStringLocalize(PathRewriter rewriter, byte[] line) {
        return reference(rewriter.rewriter(false), line);
    }

    /** What a line becomes when every string is decoded and rewritten, with no prefilter. */
    private static byte[] reference(StringRewriter rewriter, byte[] line) {
        List<long[]> strings = new ArrayList<>();
        JsonSyntaxChecker checker = new JsonSyntaxChecker();
        checker.reset((start, end, flags) -> strings.add(new long[] {start, end}));
        if (!(checker.feed(line, 0, line.length) && checker.finish())) {
            return line;
        }
        ByteSink out = new ByteSink(line.length);
        int copied = 0;
        for (long[] s : strings) {
            int start = (int) s[0];
            int end = (int) s[1];
            char[] chars = new char[end - start];
            int n = JsonStrings.decode(line, start, end, chars);
            String text = new String(chars, 0, n);
            StringRewriter.State state = rewriter.newState();
            String result = rewriter.rewrite(text, state);
            if (result != text) {
                out.write(line, copied, start - copied);
                JsonStrings.encode(result, 0, result.length(), out);
                copied = end;
            }
        }
        out.write(line, copied, line.length - copied);
        return copied == 0 ? line : out.toByteArray();
    }
}
