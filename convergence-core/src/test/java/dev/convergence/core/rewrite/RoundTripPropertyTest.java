package dev.convergence.core.rewrite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random property tests of the FORMAT.md guarantees. Each case prints its seed on failure;
 * rerun one with {@code -Dconvergence.seed=N}.
 */
class RoundTripPropertyTest {

    private static final long BASE_SEED = Long.getLong("convergence.seed", 20261125L);
    private static final int CASES = 3000;

    private static final List<String> NOISE = List.of(
            "a", "Z", "9", " ", ".", "-", "_", "/", "\\", "\n", "\r\n", "\t", "\"", "'", ":", "~", "+",
            "é", "日本", "😀", "\uD800", "\uDC00", "\u0000", "\u001b[0m", "\u2028",
            "{{", "}}", "{", "}", "_LIT", "CC_", "{{CC_HOME}}", "{{CC_HOME_LIT}}", "{{CC_HOME_LIT_LIT}}",
            "{{CC_PROJECT_ROOT}}", "{{CC_PROJECT_ROOT_LIT}}", "{{CC_PROJECT_CONTEXT_DIR_LIT_LIT_LIT}}",
            "{{CC_ENCODED_DIR}}", "{{CC_HOMEX}}", "{{CC_HOME_LITX}}", "{{cc_home}}", "file://", "src/a.py", "/x.md",
            "/usr/bin", "/mnt", "2", ".bak", ".", "-old");

    private static List<String> anchorsOf(MachineLayout m) {
        return List.of(m.projectRoot(), m.home(), m.contextDir(), m.encodedDir(),
                m.projectRoot() + "-old", m.projectRoot() + "2", m.projectRoot() + ".bak", "/mnt" + m.projectRoot(),
                m.projectRoot() + ".", m.projectRoot() + "/", m.home() + "/.claude");
    }

    private static String randomText(Random r, List<String> vocabulary) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(vocabulary.get(r.nextInt(vocabulary.size())));
        }
        return sb.toString();
    }

    private static List<String> vocabulary(MachineLayout m) {
        List<String> v = new java.util.ArrayList<>(NOISE);
        for (int i = 0; i < 4; i++) {
            v.addAll(anchorsOf(m)); // weight anchors up
        }
        return v;
    }

    @Test
    void localizeUndoesCanonicalizeOnRawText() {
        for (MachineLayout m : List.of(Layouts.ALICE, Layouts.CAROL)) {
            for (RewritePolicy policy : List.of(RewritePolicy.DEFAULT, new RewritePolicy(false))) {
                PathRewriter pr = PathRewriter.of(m, policy);
                List<String> vocab = vocabulary(m);
                for (int i = 0; i < CASES; i++) {
                    long seed = BASE_SEED + i;
                    String x = randomText(new Random(seed), vocab);
                    String c = pr.canonicalize(x);
                    assertEquals(x, pr.localize(c), () -> "seed " + seed + " x=" + show(x) + " c=" + show(c));
                    assertEquals(c, pr.canonicalize(pr.localize(c)), () -> "stability, seed " + seed);
                }
            }
        }
    }

    @Test
    void localizeUndoesCanonicalizeOnJsonLinesValuesAndKeys() {
        PathRewriter pr = PathRewriter.of(Layouts.ALICE, RewritePolicy.DEFAULT);
        PathRewriter spooling = pr.withInMemoryLimit(16);
        List<String> vocab = vocabulary(Layouts.ALICE);
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            Random r = new Random(seed);
            byte[] line = randomJsonLine(r, vocab);
            byte[] c = pr.canonicalizeLine(line);
            byte[] back = pr.localizeLine(c);
            assertArrayEquals(line, back, () -> "seed " + seed + " line=" + show(new String(line, StandardCharsets.UTF_8)));
            assertArrayEquals(c, pr.canonicalizeLine(back), () -> "stability, seed " + seed);
            if (i % 10 == 0) {
                assertArrayEquals(c, stream(spooling, line), () -> "spooled path differs, seed " + seed);
            }
        }
    }

    /**
     * Whole files whose lines are all spooled, with the round-trip guard on: the guard re-reads
     * each spooled line with a nested rewrite on the same thread, and the lines after it in the
     * read buffer must come out as they went in.
     */
    @Test
    void aFileOfSpooledLinesWithTheGuardCanonicalizesLikeItsLines() {
        PathRewriter pr = PathRewriter.of(Layouts.ALICE, RewritePolicy.DEFAULT);
        PathRewriter spooling = pr.withInMemoryLimit(16);
        List<String> vocab = vocabulary(Layouts.ALICE);
        for (int f = 0; f < 30; f++) {
            long seed = BASE_SEED + f;
            Random r = new Random(seed);
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int i = 0; i < 40; i++) {
                byte[] line = randomJsonLine(r, vocab);
                file.writeBytes(line);
                file.write('\n');
                expected.writeBytes(pr.canonicalizeLine(line));
                expected.write('\n');
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            RewriteStats stats = spooling.canonicalize(FileKind.JSONL, new ByteArrayInputStream(file.toByteArray()), out, true);
            assertArrayEquals(expected.toByteArray(), out.toByteArray(), () -> "seed " + seed);
            assertEquals(List.of(), stats.roundTripProblems(), () -> "seed " + seed);
        }
    }

    @Test
    void twoMachinesProduceIdenticalCanonicalBytes() {
        List<MachineLayout> machines = List.of(Layouts.ALICE, Layouts.CAROL, Layouts.BOB);
        List<String> plain = List.of("a", "word", " ", "\n", ":", "\"", "é", "😀", "{{CC_HOME}}", "{{CC_ROOT}}", "(", ")", ",");
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            String[] canon = new String[machines.size()];
            for (int k = 0; k < machines.size(); k++) {
                Random r = new Random(seed);
                MachineLayout m = machines.get(k);
                StringBuilder sb = new StringBuilder();
                int n = r.nextInt(10);
                for (int t = 0; t < n; t++) {
                    if (r.nextInt(3) == 0) {
                        sb.append(' ').append(pathRef(r, m)).append(' ');
                    } else {
                        sb.append(plain.get(r.nextInt(plain.size())));
                    }
                }
                canon[k] = PathRewriter.of(m, RewritePolicy.DEFAULT).canonicalize(sb.toString());
            }
            for (int k = 1; k < canon.length; k++) {
                int kk = k;
                assertEquals(canon[0], canon[k], () -> "seed " + seed + " machine " + machines.get(kk).machineId());
            }
        }
    }

    @Test
    void windowsCanonicalizeUndoesLocalize() {
        MachineLayout bob = Layouts.BOB;
        PathRewriter pr = PathRewriter.of(bob, RewritePolicy.DEFAULT);
        List<String> vocab = new java.util.ArrayList<>(NOISE);
        List<String> forms = List.of("C:\\Users\\bob", "c:/users/BOB", " /c/Users/bob", "C:\\Users/bob\\work\\proj",
                "c:\\USERS\\bob\\work\\proj\\src\\a.ts", " /C/users/bob/work/proj", "C:\\Users\\bob\\work\\proj-old",
                "C:\\Users\\bob\\.claude\\projects\\C--Users-bob-work-proj", "c--users-bob-work-proj", "D:\\Users\\bob");
        // The /c/ forms come after a space: localize writes C:\ instead, and "<anchor>./c/..." would
        // become "<anchor>.C:\..." where the boundary rule (no "." + alphanumeric after an anchor)
        // no longer matches the first anchor. The guard reports such lines; see docs.
        for (int i = 0; i < 4; i++) {
            vocab.addAll(forms);
        }
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            String x = randomText(new Random(seed), vocab);
            String c = pr.canonicalize(x);
            assertEquals(c, pr.canonicalize(pr.localize(c)), () -> "seed " + seed + " x=" + show(x) + " c=" + show(c));
            byte[] line = ("{\"" + "k" + "\":\"" + jsonString(x) + "\"}").getBytes(StandardCharsets.UTF_8);
            byte[] cl = pr.canonicalizeLine(line);
            assertArrayEquals(cl, pr.canonicalizeLine(pr.localizeLine(cl)), () -> "line, seed " + seed);
        }
    }

    /** The same logical path on machine m: an anchor kind and a tail in m's native separator. */
    private static String pathRef(Random r, MachineLayout m) {
        String sep = m.os().isWindows() ? "\\" : "/";
        String base = switch (r.nextInt(4)) {
            case 0 -> m.projectRoot();
            case 1 -> m.home();
            case 2 -> m.contextDir();
            default -> m.encodedDir();
        };
        StringBuilder tail = new StringBuilder();
        int segments = r.nextInt(3);
        for (int s = 0; s < segments; s++) {
            tail.append(sep).append(List.of("src", "a.py", "x~1", ".git", "b+c").get(r.nextInt(5)));
        }
        return base + tail;
    }

    private static byte[] randomJsonLine(Random r, List<String> vocab) {
        StringBuilder sb = new StringBuilder("{");
        int fields = 1 + r.nextInt(4);
        for (int f = 0; f < fields; f++) {
            if (f > 0) {
                sb.append(',');
            }
            sb.append('"').append(jsonString(randomText(r, vocab))).append("\":");
            switch (r.nextInt(4)) {
                case 0 -> sb.append('[').append('"').append(jsonString(randomText(r, vocab))).append("\",1.5e3,null]");
                case 1 -> sb.append("{\"").append(jsonString(randomText(r, vocab))).append("\":true}");
                default -> sb.append('"').append(jsonString(randomText(r, vocab))).append('"');
            }
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    static String jsonString(String s) {
        ByteSink sink = new ByteSink(16);
        JsonStrings.encode(s, 0, s.length(), sink);
        return new String(sink.toByteArray(), StandardCharsets.UTF_8);
    }

    private static byte[] stream(PathRewriter pr, byte[] line) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pr.canonicalize(FileKind.JSONL, new ByteArrayInputStream(line), out, false);
        return out.toByteArray();
    }

    private static String show(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            sb.append(ch < 0x20 || ch > 0x7e ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
        }
        return sb.append('"').toString();
    }
}
