package dev.convergence.core.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ConfigException;
import dev.convergence.api.scan.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowlistTest {

    @TempDir
    Path dir;

    private final Finding a = finding("a.jsonl", 3, "x");
    private final Finding b = finding("b.jsonl", 9, "y");

    @Test
    void aMissingFileIsAnEmptyList() {
        assertTrue(Allowlist.load(dir.resolve("p.allow")).entries().isEmpty());
    }

    @Test
    void savedEntriesLoadBackAndFilterFindings() {
        Path file = dir.resolve("projects/p.allow");
        Allowlist.empty().with(a).save(file);
        Allowlist loaded = Allowlist.load(file);
        assertEquals(List.of(b), loaded.remaining(List.of(a, b)));
    }

    @Test
    void anEntryKeepsAllowingTheSameSecretOnAnotherLine() {
        Allowlist list = Allowlist.empty().with(a);
        assertTrue(list.allows(finding("other.jsonl", 120, "x")));
    }

    @Test
    void aCorruptLineIsAConfigError() throws IOException {
        Path file = dir.resolve("p.allow");
        Files.writeString(file, "test-token not-a-hash\n");
        assertThrows(ConfigException.class, () -> Allowlist.load(file));
    }

    @Test
    void findingsAreLookedUpByTheirShortId() {
        assertEquals(a, Allowlist.byId(List.of(a, b), a.id()).orElseThrow());
    }

    private static Finding finding(String path, long line, String secret) {
        SecretHit hit = new SecretHit("test-token", "Test token", "tok_" + secret);
        return TranscriptScanner.finding(path, line, hit);
    }
}
