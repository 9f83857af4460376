package dev.convergence.scanners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.scan.SecretMatch;
import dev.convergence.api.scan.SecretScanner;
import dev.convergence.testkit.SecretScannerContract;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BuiltinSecretScannerTest extends SecretScannerContract {

    private static final BuiltinSecretScanner SCANNER = new BuiltinSecretScanner();

    @Override
    protected SecretScanner scanner() {
        return SCANNER;
    }

    @Override
    protected List<String> textsWithOneSecret() {
        SecretSamples samples = new SecretSamples(7);
        return List.of(
                "GITHUB_TOKEN=" + samples.next("github-classic-pat"),
                "key: " + samples.next("anthropic-api-key") + " (rotated)",
                "cat id_rsa\n" + samples.next("rsa-private-key") + "\n",
                "url = postgres://app:" + samples.next("database-password") + "@db:5432/app");
    }

    @Test
    void shipsAtLeastThirtyRules() {
        assertTrue(SCANNER.rules().size() >= 30, "rules: " + SCANNER.rules().size());
    }

    @Test
    void githubTokenWithAWrongChecksumIsNotASecret() {
        String good = SecretSamples.github(new Random(1), "ghp_");
        String bad = good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A");
        assertEquals(1, SCANNER.scan("t=" + good).size());
        assertEquals(List.of(), SCANNER.scan("t=" + bad));
    }

    @Test
    void privateKeyIsFoundWhenItsLineBreaksAreEscapedOnceOrTwice() {
        String pem = SecretSamples.pem(new Random(2), "OPENSSH PRIVATE KEY", 5);
        for (String form : List.of(pem, pem.replace("\n", "\\n"), pem.replace("\n", "\\\\n"))) {
            List<SecretMatch> found = SCANNER.scan("{\"key\": \"" + form + "\"}");
            assertEquals(1, found.size(), form);
            assertEquals("private-key", found.get(0).ruleId());
        }
    }

    @Test
    void publicKeysAndPlaceholdersAreNotSecrets() {
        for (String text : List.of("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
                "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----",
                "if (line.startsWith(\"-----BEGIN RSA PRIVATE KEY-----\")) { readTheKeyMaterialFromTheFollowingLinesOfTheFile(in); }",
                "-----BEGIN OPENSSH PRIVATE KEY----- and then every line until the END marker is what you copy into the secret store",
                "AKIAIOSFODNN7EXAMPLE", "OPENAI_API_KEY=sk-...", "API_KEY=your-api-key-here", "sk-****************abcd")) {
            assertEquals(List.of(), SCANNER.scan(text), text);
        }
    }

    @Test
    void awsSecretIsFoundNextToItsKeyId() {
        Random r = new Random(3);
        String id = "AKIA" + SecretSamples.s(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
        String secret = SecretSamples.mixed(r, SecretSamples.B64, 40);
        List<SecretMatch> found = SCANNER.scan("alice,," + id + "," + secret + "\n");
        assertEquals(List.of("aws-access-key-id", "aws-secret-access-key-near-id"), found.stream().map(SecretMatch::ruleId).toList());
    }

    @Test
    void pathologicalInputIsScannedInLinearTime() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 8_000; i++) {
            many.append("password=").append("A1".repeat(5)).append(";pwd=://u:p@");
        }
        List<String> inputs = List.of(many.toString(),
                "-----BEGIN PRIVATE KEY-----".repeat(20_000),
                ("postgres://" + "a".repeat(60) + ":").repeat(5_000),
                ("Authorization: Bearer " + "x".repeat(100)).repeat(3_000),
                "eyJ".repeat(100_000),
                ("AKIA" + "Q".repeat(16) + " ").repeat(20_000));
        assertTimeoutPreemptively(Duration.ofSeconds(3), () -> {
            for (String input : inputs) {
                SCANNER.scan(input);
            }
        });
    }
}
