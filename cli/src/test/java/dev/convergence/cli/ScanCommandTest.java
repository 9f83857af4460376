package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.core.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {

    @TempDir
    Path tmp;

    private Path contextDir;
    private Environment env;
    private String token;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void machine() throws IOException {
        Path home = tmp.resolve("home");
        contextDir = home.resolve(".claude/projects/-home-a-src-proj");
        Files.createDirectories(contextDir.resolve("memory"));
        env = new Environment(Map.of("HOME", home.toString(), "CONVERGENCE_HOME", home.resolve(".convergence").toString()), tmp);
        token = githubToken(new Random(42));
        Files.writeString(contextDir.resolve("s.jsonl"), "{\"type\":\"user\",\"message\":{\"content\":\"hi\"}}\n"
                + "{\"message\":{\"content\":[{\"type\":\"tool_result\",\"content\":\"GITHUB_TOKEN=" + token
                + "\"}]},\"toolUseResult\":{\"stdout\":\"GITHUB_TOKEN=" + token + "\"}}\n");
        Files.writeString(contextDir.resolve("memory/MEMORY.md"), "- [notes](notes.md)\n");
    }

    @Test
    void findingsArePrintedMaskedAndExitIsOne() {
        int code = run("scan", contextDir.toString());
        assertEquals(1, code, err());
        assertTrue(out().contains("s.jsonl:2  github-pat-classic  ghp_"), out());
        assertFalse(out().contains(token.substring(6)), "the secret must never be printed whole");
        assertTrue(out().contains("1 secret found"), out());
    }

    @Test
    void aCleanDirExitsZero() throws IOException {
        Files.delete(contextDir.resolve("s.jsonl"));
        assertEquals(0, run("scan", contextDir.toString()));
        assertTrue(out().contains("no secrets found"));
    }

    @Test
    void jsonPrintsAnArray() {
        assertEquals(1, run("scan", contextDir.toString(), "--json"));
        String json = out().strip();
        assertTrue(json.startsWith("[") && json.endsWith("]"), json);
        assertTrue(json.contains("\"rule\":\"github-pat-classic\"") && json.contains("\"line\":2"), json);
        assertFalse(json.contains(token.substring(6)));
    }

    @Test
    void anAllowedFindingIsRememberedAndTheNextScanIsClean() {
        run("scan", contextDir.toString(), "--json");
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(out());
        assertTrue(id.find());
        Path allowFile = tmp.resolve("p.allow");
        out.reset();
        assertEquals(0, run("scan", contextDir.toString(), "--allow", id.group(1), "--allow-file", allowFile.toString()));
        assertTrue(Files.exists(allowFile));
        out.reset();
        assertEquals(0, run("scan", contextDir.toString(), "--allow-file", allowFile.toString()));
        assertTrue(out().contains("no secrets found (1 allowed)"), out());
    }

    @Test
    void theDefaultAllowFileLivesUnderConvergenceHome() {
        run("scan", contextDir.toString(), "--json");
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(out());
        assertTrue(id.find());
        assertEquals(0, run("scan", contextDir.toString(), "--allow", id.group(1)));
        assertTrue(Files.exists(tmp.resolve("home/.convergence/projects/home-a-src-proj.allow")));
    }

    @Test
    void anUnknownFindingIdIsBadInput() {
        assertEquals(2, run("scan", contextDir.toString(), "--allow", "nope:0000"));
        assertTrue(err().contains("no finding with id 'nope:0000'"), err());
    }

    @Test
    void aMissingDirIsBadInput() {
        assertEquals(2, run("scan", tmp.resolve("missing").toString()));
        assertTrue(err().startsWith("convergence: not a directory"), err());
    }

    private int run(String... args) {
        return Main.run(env, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** A classic-PAT-shaped token with a valid checksum, made at test time so none is committed. */
    private static String githubToken(Random r) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            body.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] sum = new char[6];
        for (int i = 5; i >= 0; i--) {
            sum[i] = digits.charAt((int) (v % 62));
            v /= 62;
        }
        return "ghp_" + body + new String(sum);
    }
}
