package dev.convergence.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.scan.SecretMatch;
import dev.convergence.api.scan.SecretScanner;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SecretScanner} must do. Extend it and supply the scanner, a few texts that
 * each hold one secret it finds, and the keywords-heavy hostile inputs it must survive.
 */
public abstract class SecretScannerContract {

    /** The scanner under test. */
    protected abstract SecretScanner scanner();

    /** Texts that each contain exactly one secret the scanner finds. */
    protected abstract List<String> textsWithOneSecret();

    @Test
    public void idIsShortAndNonBlank() {
        String id = scanner().id();
        assertFalse(id.isBlank());
        assertTrue(id.length() <= 40, id);
    }

    @Test
    public void keywordsAreLowerCaseAscii() {
        for (String k : scanner().keywords()) {
            assertEquals(k.toLowerCase(Locale.ROOT), k);
            assertTrue(k.chars().allMatch(c -> c < 128), k);
        }
    }

    @Test
    public void emptyTextHasNoSecret() {
        assertEquals(List.of(), scanner().scan(""));
    }

    @Test
    public void findsTheSecretOfEachSampleInsideTheText() {
        for (String text : textsWithOneSecret()) {
            List<SecretMatch> found = scanner().scan(text);
            assertEquals(1, found.size(), () -> "expected one secret in a sample of length " + text.length() + ", got " + found);
            assertTrue(found.get(0).end() <= text.length());
        }
    }

    @Test
    public void textWithoutAnyKeywordHasNoSecret() {
        for (String text : textsWithOneSecret()) {
            String lower = text.toLowerCase(Locale.ROOT);
            if (scanner().keywords().stream().noneMatch(lower::contains)) {
                throw new AssertionError("a sample holds a secret but none of the scanner's keywords");
            }
        }
    }

    @Test
    public void matchesAreOrderedAndDoNotOverlap() {
        String all = String.join("\n", textsWithOneSecret());
        List<SecretMatch> found = scanner().scan(all);
        for (int i = 1; i < found.size(); i++) {
            assertTrue(found.get(i - 1).end() <= found.get(i).start(), () -> "overlap or disorder: " + found);
        }
    }

    @Test
    public void hostileInputFinishesQuickly() {
        StringBuilder keywords = new StringBuilder();
        for (String k : scanner().keywords()) {
            keywords.append(k);
        }
        List<String> hostile = List.of(
                "a".repeat(200_000),
                keywords.toString().repeat(Math.max(1, 100_000 / Math.max(1, keywords.length()))),
                ("password=" + "x".repeat(150) + " ").repeat(500),
                ("sk-" + "A".repeat(60) + "-").repeat(2000),
                "-----BEGIN RSA PRIVATE KEY-----" + "\\n".repeat(50_000),
                ("https://u:" + "p".repeat(100) + ":").repeat(1000),
                ("eyJ" + "a".repeat(300) + ".").repeat(500));
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (String text : hostile) {
                scanner().scan(text);
            }
        });
    }
}
