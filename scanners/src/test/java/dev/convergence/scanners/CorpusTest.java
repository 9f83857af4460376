package dev.convergence.scanners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.convergence.core.scan.SecretHit;
import dev.convergence.core.scan.SecretRedactor;
import dev.convergence.core.scan.TranscriptScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The targets of issue #8 on the labelled corpus: recall, benign lines flagged, and what
 * redaction leaves. Writes the measured figures to {@code target/secret-corpus-report.txt}.
 */
class CorpusTest {

    private static final long SEED = 20260825L;
    private static final JsonFactory JSON = new JsonFactory();

    private static TranscriptScanner scanner;
    private static SecretRedactor redactor;
    private static List<LabelledCorpus.Planted> planted;
    private static List<String> benign;

    @BeforeAll
    static void load() {
        scanner = TranscriptScanner.withInstalledScanners();
        redactor = scanner.redactor();
        planted = LabelledCorpus.secrets(SEED);
        benign = LabelledCorpus.benignLines(SEED);
    }

    @Test
    void corpusIsLargeEnough() {
        assertTrue(planted.size() >= 250, "secrets: " + planted.size());
        assertTrue(benign.size() >= 400, "benign lines: " + benign.size());
        assertTrue(planted.stream().map(LabelledCorpus.Planted::family).distinct().count() >= 30);
    }

    @Test
    void recallIsAtLeast95PercentOverallAndCompleteOnPrefixedFamilies() throws IOException {
        Map<String, int[]> byFamily = new TreeMap<>();
        List<String> missed = new ArrayList<>();
        int found = 0;
        int prefixed = 0;
        int prefixedFound = 0;
        for (LabelledCorpus.Planted p : planted) {
            boolean hit = isFound(p, scanner.scanJsonLine(bytes(p.line()))) && isFound(p, scanner.scanText(p.text()));
            int[] counts = byFamily.computeIfAbsent(p.family(), f -> new int[2]);
            counts[1]++;
            if (hit) {
                found++;
                counts[0]++;
            } else {
                missed.add(p.family() + " in " + p.shape());
            }
            if (p.prefixed()) {
                prefixed++;
                prefixedFound += hit ? 1 : 0;
            }
        }
        double recall = (double) found / planted.size();
        double prefixedRecall = (double) prefixedFound / prefixed;
        long flagged = benign.stream().filter(l -> !scanner.scanJsonLine(bytes(l)).isEmpty()).count();
        report(recall, found, prefixedRecall, prefixedFound, prefixed, flagged, byFamily, missed);
        assertEquals(1.0, prefixedRecall, () -> "missed prefixed: " + missed);
        assertTrue(recall >= 0.95, () -> "recall " + recall + ", missed: " + missed);
    }

    @Test
    void atMostOnePercentOfBenignLinesAreFlagged() {
        List<String> flagged = new ArrayList<>();
        for (String line : benign) {
            List<SecretHit> hits = scanner.scanJsonLine(bytes(line));
            if (!hits.isEmpty()) {
                flagged.add(hits + " in " + line.substring(0, Math.min(160, line.length())));
            }
        }
        assertTrue(flagged.size() <= benign.size() / 100, () -> flagged.size() + " flagged: " + String.join("\n", flagged));
    }

    @Test
    void redactionLeavesNoTwelveCharacterWindowOfAnySecretAndValidJson() throws IOException {
        for (LabelledCorpus.Planted p : planted) {
            byte[] redacted = redactor.redactLine(bytes(p.line()));
            List<String> strings = new ArrayList<>();
            decodedStrings(redacted, 0, strings);
            for (String s : strings) {
                assertNoWindow(p, s);
            }
            assertNoWindow(p, redactor.redactText(p.text()));
        }
    }

    @Test
    void redactingTwiceGivesTheSameBytesAsOnce() {
        for (LabelledCorpus.Planted p : planted) {
            byte[] once = redactor.redactLine(bytes(p.line()));
            assertArrayEquals(once, redactor.redactLine(once), p.family() + " in " + p.shape());
        }
    }

    @Test
    void benignLinesWithoutFindingsAreLeftByteIdentical() {
        for (String line : benign) {
            byte[] in = bytes(line);
            if (scanner.scanJsonLine(in).isEmpty()) {
                assertArrayEquals(in, redactor.redactLine(in));
            }
        }
    }

    private static boolean isFound(LabelledCorpus.Planted p, List<SecretHit> hits) {
        String once = TranscriptShapes.escape(p.secret());
        for (SecretHit h : hits) {
            if (h.secret().equals(p.secret()) || h.secret().equals(once) || h.secret().equals(TranscriptShapes.escape(once))) {
                return true;
            }
        }
        return false;
    }

    private static void assertNoWindow(LabelledCorpus.Planted p, String s) {
        for (String form : List.of(p.secret(), TranscriptShapes.escape(p.secret()))) {
            for (int i = 0; i + 12 <= form.length(); i++) {
                String window = form.substring(i, i + 12);
                if (s.contains(window)) {
                    throw new AssertionError("redacted " + p.family() + " in " + p.shape() + " still holds '" + window.substring(0, 3) + "…'");
                }
            }
        }
    }

    /** Every decoded string of a JSON document, and of JSON held inside its strings; fails on invalid JSON. */
    private static void decodedStrings(byte[] doc, int depth, List<String> out) throws IOException {
        try (JsonParser p = JSON.createParser(doc)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME) {
                    String s = t == JsonToken.FIELD_NAME ? p.currentName() : p.getText();
                    out.add(s);
                    String trimmed = s.strip();
                    if (depth < 3 && (trimmed.startsWith("{") || trimmed.startsWith("["))) {
                        try {
                            decodedStrings(s.getBytes(StandardCharsets.UTF_8), depth + 1, out);
                        } catch (IOException notJson) {
                            // a string that only starts like JSON
                        }
                    }
                }
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void report(double recall, int found, double prefixedRecall, int prefixedFound, int prefixed, long flagged,
                               Map<String, int[]> byFamily, List<String> missed) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("secrets planted: %d, found: %d, recall: %.4f%n", planted.size(), found, recall));
        b.append(String.format("prefixed-family secrets: %d, found: %d, recall: %.4f%n", prefixed, prefixedFound, prefixedRecall));
        b.append(String.format("benign lines: %d, flagged: %d (%.2f%%)%n", benign.size(), flagged, 100.0 * flagged / benign.size()));
        b.append("families: ").append(byFamily.size()).append('\n');
        byFamily.forEach((f, c) -> b.append(String.format("  %-32s %d/%d%n", f, c[0], c[1])));
        b.append("missed: ").append(missed).append('\n');
        for (String line : benign) {
            List<SecretHit> hits = scanner.scanJsonLine(bytes(line));
            if (!hits.isEmpty()) {
                b.append("benign flagged: ").append(hits).append(" in ").append(line, 0, Math.min(200, line.length())).append('\n');
            }
        }
        try {
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "secret-corpus-report.txt"), b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
