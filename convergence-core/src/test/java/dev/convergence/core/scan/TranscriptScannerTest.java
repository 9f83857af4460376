package dev.convergence.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.convergence.api.BadInputException;
import dev.convergence.api.scan.Finding;
import dev.convergence.api.scan.SecretScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TranscriptScannerTest {

    static final String SECRET = "tok_a1b2c3d4e5f6g7h8";
    private final TranscriptScanner scanner = new TranscriptScanner(List.of(new TokenScanner()));

    @TempDir
    Path dir;

    @Test
    void aSecretHeldTwiceInOneRecordIsReportedOnce() throws IOException {
        write("s.jsonl", "{\"message\":{\"content\":[{\"type\":\"tool_result\",\"content\":\"T=" + SECRET
                + "\"}]},\"toolUseResult\":{\"stdout\":\"T=" + SECRET + "\"}}\n");
        List<Finding> findings = scanner.scanContextDir(dir);
        assertEquals(1, findings.size());
        assertEquals("s.jsonl", findings.get(0).path());
        assertEquals(1, findings.get(0).line());
    }

    @Test
    void findingsNameTheLineAndNeverHoldTheWholeSecret() throws IOException {
        write("sub/s.jsonl", "{\"a\":1}\n{\"a\":2}\n{\"b\":\"x " + SECRET + "\"}\n");
        Finding f = scanner.scanContextDir(dir).get(0);
        assertEquals("sub/s.jsonl", f.path());
        assertEquals(3, f.line());
        assertEquals("test-token", f.ruleId());
        assertFalse(f.masked().contains(SECRET.substring(4)));
        assertEquals(SecretDigest.sha256Hex(SECRET), f.secretSha256());
    }

    @Test
    void secretsAreFoundInJsonHeldInsideAString() {
        String nested = "{\"stdout\":\"{\\\"token\\\":\\\"" + SECRET + "\\\"}\"}";
        assertEquals(List.of(SECRET), secrets(scanner.scanJsonLine(nested.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aLineThatIsNotJsonIsScannedAsText() {
        assertEquals(List.of(SECRET), secrets(scanner.scanJsonLine(("{\"half\":\"" + SECRET).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void memoryFilesAreScannedWholeWithTheLineOfTheSecret() throws IOException {
        write("memory/notes.md", "# Notes\n\nThe token is " + SECRET + ".\n");
        Finding f = scanner.scanContextDir(dir).get(0);
        assertEquals("memory/notes.md", f.path());
        assertEquals(3, f.line());
    }

    @Test
    void linesWithoutAnyKeywordAreNotGivenToTheScanner() {
        CountingScanner counting = new CountingScanner();
        TranscriptScanner s = new TranscriptScanner(List.of(counting));
        s.scanJsonLine("{\"a\":\"nothing to see\",\"b\":\"TOK_ but no token\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("TOK_ but no token"), counting.seen);
    }

    @Test
    void aMissingDirectoryIsBadInput() {
        assertThrows(BadInputException.class, () -> scanner.scanContextDir(dir.resolve("nope")));
    }

    @Test
    void installedScannersAreFoundThroughServiceLoader() {
        assertEquals(List.of("test-tokens"), InstalledScanners.load().stream().map(SecretScanner::id).toList());
    }

    /** Records the texts it is given. */
    private static final class CountingScanner implements SecretScanner {
        final List<String> seen = new java.util.ArrayList<>();

        @Override
        public String id() {
            return "counting";
        }

        @Override
        public java.util.Set<String> keywords() {
            return java.util.Set.of("tok_");
        }

        @Override
        public List<dev.convergence.api.scan.SecretMatch> scan(String text) {
            seen.add(text);
            return List.of();
        }
    }

    private static List<String> secrets(List<SecretHit> hits) {
        return hits.stream().map(SecretHit::secret).toList();
    }

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
