package dev.convergence.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TranscriptMergeTest {

    private static String merge(String cluster, String mine) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TranscriptMerge.merge(new ByteArrayInputStream(cluster.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayInputStream(mine.getBytes(StandardCharsets.UTF_8)), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String rec(String uuid, String parent, String ts) {
        return "{\"parentUuid\":" + (parent == null ? "null" : "\"" + parent + "\"") + ",\"uuid\":\"" + uuid
                + "\",\"timestamp\":\"" + ts + "\"}\n";
    }

    @Test
    void aPrefixTakesTheLongerSide() throws IOException {
        String a = rec("1", null, "2026-01-01T00:00:01Z") + rec("2", "1", "2026-01-01T00:00:02Z");
        String b = a + rec("3", "2", "2026-01-01T00:00:03Z");
        assertEquals(b, merge(a, b));
        assertEquals(b, merge(b, a));
    }

    @Test
    void aSessionGrownOnBothMachinesKeepsEveryLineOnceOlderTailFirst() throws IOException {
        String prefix = rec("1", null, "2026-01-01T00:00:01Z");
        String onA = rec("a1", "1", "2026-01-01T00:00:05Z") + rec("a2", "a1", "2026-01-01T00:00:06Z");
        String onB = rec("b1", "1", "2026-01-01T00:00:03Z");
        String merged = merge(prefix + onA, prefix + onB);
        assertEquals(prefix + onB + onA, merged);
        assertEquals(merged, merge(prefix + onB, prefix + onA), "both machines compute the same bytes");
    }

    @Test
    void anUnterminatedLastLineGetsItsNewlineWhenLinesFollowIt() throws IOException {
        String cluster = "{\"a\":1}\n{\"b\":2}";
        String mine = "{\"a\":1}\n{\"c\":3}\n";
        String merged = merge(cluster, mine);
        assertTrue(merged.contains("{\"b\":2}\n"), merged);
        assertTrue(merged.contains("{\"c\":3}\n"), merged);
    }

    @Test
    void randomDivergencesNeverLoseOrDuplicateALine() throws IOException {
        long seed = 20261125L;
        Random rnd = new Random(seed);
        for (int round = 0; round < 2000; round++) {
            List<String> common = lines(rnd, "p" + round, rnd.nextInt(5));
            List<String> a = lines(rnd, "a" + round, rnd.nextInt(4));
            List<String> b = lines(rnd, "b" + round, rnd.nextInt(4));
            if (rnd.nextBoolean() && !a.isEmpty()) {
                b.add(rnd.nextInt(b.size() + 1), a.get(0)); // the same line reached both sides
            }
            if (rnd.nextInt(5) == 0) {
                String dup = "{\"type\":\"mode\",\"mode\":\"normal\"}\n";
                a.add(dup);
                a.add(dup);
                b.add(dup);
            }
            String sa = String.join("", common) + String.join("", a);
            String sb = String.join("", common) + String.join("", b);
            String m1 = merge(sa, sb);
            String m2 = merge(sb, sa);
            assertEquals(m1, m2, "seed " + seed + " round " + round + ": merge is symmetric");
            Map<String, Integer> got = counts(m1);
            Map<String, Integer> want = counts(sa);
            counts(sb).forEach((k, v) -> want.merge(k, v, Math::max));
            assertEquals(want, got, "seed " + seed + " round " + round + ": every line exactly as often as the side that has it most");
            assertEquals(m1, merge(m1, sa), "merging again changes nothing");
        }
    }

    @Test
    void tailsLargerThanMemorySpillToDiskAndStillMergeExactly(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        StringBuilder common = new StringBuilder();
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        String pad = "x".repeat(300);
        for (int i = 0; i < 100; i++) {
            common.append(rec("c" + i, null, "2026-01-01T00:00:00Z"));
        }
        for (int i = 0; i < 30_000; i++) {
            String shared = rec("s" + i + pad, null, "2026-01-02T00:00:00Z");
            a.append(rec("a" + i + pad, null, "2026-01-03T00:00:00Z"));
            if (i % 3 == 0) {
                a.append(shared);
                b.append(shared);
            }
            b.append(rec("b" + i + pad, null, "2026-01-04T00:00:00Z"));
        }
        String sa = common + a.toString();
        String sb = common + b.toString();
        assertTrue(a.length() > 8 << 20 && b.length() > 8 << 20, "both tails exceed the in-memory limit");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TranscriptMerge.merge(new ByteArrayInputStream(sa.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayInputStream(sb.getBytes(StandardCharsets.UTF_8)), out, dir);
        Map<String, Integer> want = counts(sa);
        counts(sb).forEach((k, v) -> want.merge(k, v, Math::max));
        assertEquals(want, counts(out.toString(StandardCharsets.UTF_8)));
        try (var files = java.nio.file.Files.list(dir)) {
            assertEquals(0, files.count(), "spool files are removed");
        }
    }

    private static List<String> lines(Random rnd, String tag, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(rec(tag + "-" + i + "-" + rnd.nextInt(1000), null, "2026-01-0" + (1 + rnd.nextInt(9)) + "T00:00:00Z"));
        }
        return out;
    }

    private static Map<String, Integer> counts(String text) {
        Map<String, Integer> m = new HashMap<>();
        for (String l : text.split("\n")) {
            if (!l.isEmpty()) {
                m.merge(l, 1, Integer::sum);
            }
        }
        return m;
    }
}
