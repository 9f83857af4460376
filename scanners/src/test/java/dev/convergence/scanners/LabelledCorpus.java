package dev.convergence.scanners;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The labelled corpus: transcript lines that carry one planted secret each (built from
 * {@code corpus/secret-contexts.txt} and {@link SecretSamples}), and benign lines that look
 * dangerous (from {@code corpus/benign-texts.txt} plus generated UUIDs, hashes, signatures, images).
 */
final class LabelledCorpus {

    /** A planted secret: its family, whether the family has a distinctive prefix, and where it sits. */
    record Planted(String family, boolean prefixed, String secret, String line, TranscriptShapes shape, String text) {
    }

    private LabelledCorpus() {
    }

    static List<Planted> secrets(long seed) {
        SecretSamples samples = new SecretSamples(seed);
        List<Planted> planted = new ArrayList<>();
        for (String row : rows("corpus/secret-contexts.txt")) {
            String[] cols = row.split(" \\| ", 3);
            String family = cols[0].strip();
            boolean prefixed = cols[1].strip().equals("yes");
            String context = cols[2].replace("\\n", "\n");
            for (TranscriptShapes shape : TranscriptShapes.all()) {
                String secret = samples.next(family);
                String text = context.replace("{K}", samples.next("aws-access-key-id")).replace("{S}", secret);
                planted.add(new Planted(family, prefixed, secret, shape.line(text), shape, text));
            }
        }
        return planted;
    }

    static List<String> benignTexts() {
        return rows("corpus/benign-texts.txt").stream().map(r -> r.replace("\\n", "\n")).toList();
    }

    static List<String> benignLines(long seed) {
        List<String> lines = new ArrayList<>();
        for (String text : benignTexts()) {
            for (TranscriptShapes shape : TranscriptShapes.all()) {
                lines.add(shape.line(text));
            }
        }
        Random r = new Random(seed);
        Base64.Encoder b64 = Base64.getEncoder();
        for (int i = 0; i < 60; i++) {
            lines.add("{\"parentUuid\":\"" + SecretSamples.uuid(r) + "\",\"isSidechain\":false,\"type\":\"user\",\"uuid\":\""
                    + SecretSamples.uuid(r) + "\",\"sessionId\":\"" + SecretSamples.uuid(r) + "\",\"requestId\":\"req_011C"
                    + SecretSamples.s(r, SecretSamples.ALNUM, 20) + "\",\"version\":\"2.1.169\",\"gitBranch\":\"main\"}");
        }
        for (int i = 0; i < 40; i++) {
            StringBuilder log = new StringBuilder();
            for (int c = 0; c < 5; c++) {
                log.append("commit ").append(SecretSamples.s(r, SecretSamples.HEX, 40)).append("\nAuthor: Dev <dev@acme.dev>\n\n    fix token refresh\n\n");
            }
            lines.add(TranscriptShapes.TOOL_RESULT_WITH_COPY.line(log.toString()));
        }
        for (int i = 0; i < 40; i++) {
            lines.add("{\"type\":\"assistant\",\"message\":{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"check the secret handling and the token cache\",\"signature\":\""
                    + b64.encodeToString(bytes(r, 300)) + "\"}]}}");
        }
        for (int i = 0; i < 20; i++) {
            lines.add("{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\""
                    + b64.encodeToString(bytes(r, 12_000)) + "\"}}]}}");
        }
        for (int i = 0; i < 40; i++) {
            lines.add(TranscriptShapes.TOOL_RESULT_WITH_COPY.line("\"node_modules/pkg-" + i + "\": {\n  \"version\": \"1.0." + i
                    + "\",\n  \"integrity\": \"sha512-" + b64.encodeToString(bytes(r, 64)) + "\"\n}"));
        }
        for (int i = 0; i < 20; i++) {
            // the right shape with a wrong checksum: a typo or a made-up token, not a credential
            String prefix = List.of("ghp_", "gho_", "ghs_", "npm_").get(i % 4);
            lines.add(TranscriptShapes.USER_TEXT.line("is " + prefix + SecretSamples.s(r, SecretSamples.ALNUM, 36) + " the right format?"));
        }
        return lines;
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static List<String> rows(String resource) {
        try (InputStream in = LabelledCorpus.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
