package dev.convergence.core.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.rewrite.RewritePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Table tests: each FORMAT.md rule, on text and on JSON lines. */
class PathRewriterRulesTest {

    private final PathRewriter alice = PathRewriter.of(Layouts.ALICE, RewritePolicy.DEFAULT);
    private final PathRewriter bob = PathRewriter.of(Layouts.BOB, RewritePolicy.DEFAULT);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "/home/alice/src/proj|{{CC_PROJECT_ROOT}}",
        "/home/alice/src/proj/a.py|{{CC_PROJECT_ROOT}}/a.py",
        "in /home/alice/src/proj.|in {{CC_PROJECT_ROOT}}.",
        "`see /home/alice/src/proj. Next`|`see {{CC_PROJECT_ROOT}}. Next`",
        "/home/alice/src/proj-old|{{CC_HOME}}/src/proj-old",
        "/home/alice/src/proj2|{{CC_HOME}}/src/proj2",
        "/home/alice/src/proj_x|{{CC_HOME}}/src/proj_x",
        "/home/alice/src/proj.bak|{{CC_HOME}}/src/proj.bak",
        "/mnt/home/alice/src/proj|/mnt/home/alice/src/proj",
        "x/home/alice|x/home/alice",
        "/home/alicex|/home/alicex",
        "file:///home/alice/src/proj/a.md|file://{{CC_PROJECT_ROOT}}/a.md",
        "/home/alice/.claude/projects/-home-alice-src-proj/x.jsonl|{{CC_PROJECT_CONTEXT_DIR}}/x.jsonl",
        "/home/alice/.claude/settings.json|{{CC_HOME}}/.claude/settings.json",
        "dir -home-alice-src-proj here|dir {{CC_ENCODED_DIR}} here",
        "{{CC_HOME}}|{{CC_HOME_LIT}}",
        "{{CC_HOME_LIT_LIT}}|{{CC_HOME_LIT_LIT_LIT}}",
        "{{CC_PROJECT_ROOT}}/home/alice|{{CC_PROJECT_ROOT_LIT}}{{CC_HOME}}",
        "{{CC_HOMEX}}|{{CC_HOMEX}}",
        "{{CC_HOME_LITX}}|{{CC_HOME_LITX}}",
        "{{{CC_HOME}}}|{{{CC_HOME_LIT}}}",
        "/HOME/alice/src/proj|/HOME/alice/src/proj",
    })
    void posixRules(String local, String canonical) {
        assertEquals(canonical, alice.canonicalize(local));
        assertEquals(local, alice.localize(canonical));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "C:\\Users\\bob\\work\\proj|{{CC_PROJECT_ROOT}}",
        "C:\\Users\\bob\\work\\proj\\src\\a.ts|{{CC_PROJECT_ROOT}}/src/a.ts",
        "c:/users/BOB/work/proj/src/a.ts|{{CC_PROJECT_ROOT}}/src/a.ts",
        "/c/Users/bob/work/proj/x|{{CC_PROJECT_ROOT}}/x",
        "/C/Users/bob\\work/proj\\x|{{CC_PROJECT_ROOT}}/x",
        "C:\\Users\\bob\\work\\proj-old|{{CC_HOME}}/work/proj-old",
        "D:\\Users\\bob|D:\\Users\\bob",
        "C:\\Users\\bob\\My Files\\a|{{CC_HOME}}/My Files\\a",
        "C:\\Users\\bob\\.claude\\projects\\C--Users-bob-work-proj\\s.jsonl|{{CC_PROJECT_CONTEXT_DIR}}/s.jsonl",
    })
    void windowsDialects(String local, String canonical) {
        assertEquals(canonical, bob.canonicalize(local));
        String localized = bob.localize(canonical);
        assertEquals(canonical, bob.canonicalize(localized), "canonicalize(localize(c)) == c");
    }

    @Test
    void windowsLocalizeWritesNativeSeparators() {
        assertEquals("C:\\Users\\bob\\work\\proj\\src\\a.ts", bob.localize("{{CC_PROJECT_ROOT}}/src/a.ts"));
    }

    @Test
    void homeTierCanBeTurnedOff() {
        PathRewriter noHome = PathRewriter.of(Layouts.ALICE, new RewritePolicy(false));
        assertEquals("/home/alice/x {{CC_HOME_LIT}}", noHome.canonicalize("/home/alice/x {{CC_HOME}}"));
        assertEquals("/home/alice/x {{CC_HOME}}", noHome.localize("/home/alice/x {{CC_HOME_LIT}}"));
    }

    @Test
    void pathAfterEscapedNewlineIsRewrittenButMntPrefixIsNot() {
        String line = "{\"stdout\":\"a\\n/home/alice/src/proj/x\\n/mnt/home/alice/src/proj\"}";
        assertEquals("{\"stdout\":\"a\\n{{CC_PROJECT_ROOT}}/x\\n/mnt/home/alice/src/proj\"}", canon(line));
    }

    @Test
    void objectKeysAreRewritten() {
        String line = "{\"snapshot\":{\"trackedFileBackups\":{\"/home/alice/src/proj/a.py\":{\"backupFileName\":\"x@v1\"}}}}";
        assertEquals("{\"snapshot\":{\"trackedFileBackups\":{\"{{CC_PROJECT_ROOT}}/a.py\":{\"backupFileName\":\"x@v1\"}}}}", canon(line));
    }

    @Test
    void unchangedLineIsTheSameArray() {
        byte[] line = "{\"a\":\"/usr/bin\",\"n\":[1,2.5e3,true,null]}".getBytes(StandardCharsets.UTF_8);
        assertSame(line, alice.canonicalizeLine(line));
    }

    @Test
    void changedStringIsReencodedLikeJsonStringify() {
        String line = "{ \"a\" : \"\\u00e9 /home/alice\\/x \\t\" , \"b\":\"\\/keep\"}";
        assertEquals("{ \"a\" : \"é {{CC_HOME}}/x \\t\" , \"b\":\"\\/keep\"}", canon(line));
    }

    @Test
    void unparsableAndInvalidUtf8LinesPassThrough() {
        byte[] half = "{\"cwd\":\"/home/alice/src/proj\",\"x\":".getBytes(StandardCharsets.UTF_8);
        assertSame(half, alice.canonicalizeLine(half));
        byte[] bad = "{\"cwd\":\"/home/alice/src/proj?\"}".getBytes(StandardCharsets.ISO_8859_1);
        bad[bad.length - 3] = (byte) 0xff;
        assertSame(bad, alice.canonicalizeLine(bad));
    }

    @Test
    void fileStreamKeepsTerminatorsAndPassesHalfWrittenLastLine() {
        String in = "{\"cwd\":\"/home/alice/src/proj\"}\r\n{\"a\":1}\n\n{\"cwd\":\"/home/alice/src/proj\",\"x";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RewriteStats stats = alice.canonicalize(FileKind.JSONL, new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)), out, true);
        assertEquals("{\"cwd\":\"{{CC_PROJECT_ROOT}}\"}\r\n{\"a\":1}\n\n{\"cwd\":\"/home/alice/src/proj\",\"x", out.toString(StandardCharsets.UTF_8));
        assertEquals(1, stats.unparsableLines());
        assertEquals(1, stats.changedLines());
        assertEquals(1L, stats.hitsPerTier().get("CC_PROJECT_ROOT"));
        assertTrue(stats.roundTrips(), stats.roundTripProblems().toString());
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        alice.localize(FileKind.JSONL, new ByteArrayInputStream(out.toByteArray()), back);
        assertEquals(in, back.toString(StandardCharsets.UTF_8));
    }

    @Test
    void guardExplainsNonStandardEscapes() {
        String in = "{\"a\":\"\\/home\\/alice\\/src\\/proj\"}\n";
        RewriteStats stats = alice.canonicalize(FileKind.JSONL, new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(), true);
        assertEquals(1, stats.roundTripProblems().size());
        assertTrue(stats.roundTripProblems().get(0).startsWith("line 1: "), stats.roundTripProblems().toString());
        assertTrue(stats.roundTripProblems().get(0).contains("non-standard JSON escape \\/"), stats.roundTripProblems().toString());
    }

    @Test
    void binaryPassesThroughByteForByte() {
        byte[] bin = {(byte) 0xff, 0, '/', 'h', 'o', 'm', 'e', '/', 'a', 'l', 'i', 'c', 'e'};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        alice.canonicalize(FileKind.TEXT, new ByteArrayInputStream(bin), out, true);
        assertArrayEquals(bin, out.toByteArray());
    }

    @Test
    void memoryTextIsRewrittenWhole() {
        String md = "- [Build](build.md) — see /home/alice/src/proj/BUILD.md\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        alice.canonicalize(FileKind.TEXT, new ByteArrayInputStream(md.getBytes(StandardCharsets.UTF_8)), out, true);
        assertEquals("- [Build](build.md) — see {{CC_PROJECT_ROOT}}/BUILD.md\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fileKindsByName() {
        assertEquals(FileKind.JSONL, FileKind.of("a/b.jsonl"));
        assertEquals(FileKind.JSON, FileKind.of("x/agent-1.meta.json"));
        assertEquals(FileKind.TEXT, FileKind.of("memory/MEMORY.md"));
        assertEquals(FileKind.TEXT, FileKind.of("tool-results/x.txt"));
    }

    @Test
    void claudeEncodingAndLongNameHash() {
        assertEquals("-Users-a-b-x-y", ClaudePaths.encode("/Users/a.b/x_y"));
        assertEquals("C--Users-me-p", ClaudePaths.encode("C:\\Users\\me\\p"));
        String longPath = "/" + "a".repeat(250);
        String enc = ClaudePaths.encode(longPath);
        assertEquals(("-" + "a".repeat(199)) + "-" + ClaudePaths.hash36(longPath), enc);
        assertTrue(ClaudePaths.hash36(longPath).matches("[0-9a-z]+"));
    }

    private String canon(String line) {
        byte[] out = alice.canonicalizeLine(line.getBytes(StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
