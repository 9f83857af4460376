package dev.convergence.scanners;

import dev.convergence.scanners.internal.Crc32Base62;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates real-format secrets (with valid checksums where the format has one) from a seeded
 * {@link Random}, so the repository never holds a string that looks like a live credential.
 * Each generator is keyed by the corpus family name used in {@code corpus/secret-contexts.txt}.
 */
final class SecretSamples {

    static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static final String URLSAFE = ALNUM + "_-";
    static final String HEX = "0123456789abcdef";
    static final String UPPER_NUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static final String B64 = ALNUM + "+/";

    private final Random random;
    private final Map<String, Function<Random, String>> generators = new LinkedHashMap<>();

    SecretSamples(long seed) {
        this.random = new Random(seed);
        add("anthropic-api-key", r -> "sk-ant-api03-" + s(r, URLSAFE, 93) + "AA");
        add("anthropic-admin-key", r -> "sk-ant-admin01-" + s(r, URLSAFE, 93) + "AA");
        add("anthropic-oauth-access", r -> "sk-ant-oat01-" + s(r, URLSAFE, 93) + "AA");
        add("anthropic-oauth-refresh", r -> "sk-ant-ort01-" + s(r, URLSAFE, 93) + "AA");
        add("openai-project-key", r -> "sk-proj-" + s(r, URLSAFE, 74) + "T3BlbkFJ" + s(r, URLSAFE, 74));
        add("openai-legacy-key", r -> "sk-" + s(r, ALNUM, 20) + "T3BlbkFJ" + s(r, ALNUM, 20));
        add("openai-service-account-key", r -> "sk-svcacct-" + s(r, URLSAFE, 64));
        add("openrouter-key", r -> "sk-or-v1-" + s(r, HEX, 64));
        add("deepseek-key", r -> "sk-" + s(r, HEX, 32));
        add("groq-key", r -> "gsk_" + s(r, ALNUM, 52));
        add("xai-key", r -> "xai-" + s(r, ALNUM, 80));
        add("huggingface-token", r -> "hf_" + s(r, ALNUM.substring(0, 52), 34));
        add("replicate-token", r -> "r8_" + s(r, ALNUM, 37));
        add("perplexity-key", r -> "pplx-" + s(r, ALNUM, 48));
        add("aws-access-key-id", r -> "AKIA" + s(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
        add("aws-temp-access-key-id", r -> "ASIA" + s(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16));
        add("aws-secret-access-key", r -> mixed(r, B64, 40));
        add("aws-session-token", r -> "IQoJb3JpZ2luX2Vj" + s(r, B64, 400) + "==");
        add("google-api-key", r -> "AIza" + s(r, URLSAFE, 35));
        add("google-oauth-client-secret", r -> "GOCSPX-" + s(r, URLSAFE, 28));
        add("google-oauth-access-token", r -> "ya29." + s(r, URLSAFE, 150));
        add("gcp-private-key-id", r -> s(r, HEX, 40));
        add("azure-storage-key", r -> s(r, B64, 86) + "==");
        add("digitalocean-token", r -> "dop_v1_" + s(r, HEX, 64));
        add("databricks-token", r -> "dapi" + s(r, HEX, 32));
        add("heroku-key", r -> "HRKU-" + s(r, URLSAFE, 60));
        add("heroku-legacy-key", r -> uuid(r));
        add("supabase-pat", r -> "sbp_" + s(r, HEX, 40));
        add("supabase-secret-key", r -> "sb_secret_" + s(r, URLSAFE, 40));
        add("vault-token", r -> "hvs." + s(r, URLSAFE, 90));
        add("terraform-token", r -> s(r, ALNUM, 14) + ".atlasv1." + s(r, URLSAFE, 67));
        add("pulumi-token", r -> "pul-" + s(r, HEX, 40));
        add("doppler-token", r -> "dp.pt." + s(r, ALNUM, 43));
        add("github-classic-pat", r -> github(r, "ghp_"));
        add("github-oauth", r -> github(r, "gho_"));
        add("github-user-to-server", r -> github(r, "ghu_"));
        add("github-installation", r -> github(r, "ghs_"));
        add("github-refresh", r -> github(r, "ghr_"));
        add("github-fine-grained-pat", r -> "github_pat_11" + s(r, UPPER_NUM, 20) + "_" + s(r, ALNUM, 59));
        add("gitlab-pat", r -> "glpat-" + s(r, URLSAFE, 20));
        add("gitlab-runner-token", r -> "glrt-" + s(r, URLSAFE, 20));
        add("npm-token", r -> github(r, "npm_"));
        add("npmrc-auth-token", r -> mixed(r, ALNUM, 32));
        add("pypi-token", r -> "pypi-AgEIcHlwaS5vcmc" + s(r, URLSAFE, 140));
        add("docker-hub-token", r -> "dckr_pat_" + s(r, URLSAFE, 27));
        add("docker-config-auth", r -> Base64.getEncoder().encodeToString(
                ("deploy:" + mixed(r, ALNUM, 18)).getBytes(StandardCharsets.UTF_8)));
        add("slack-bot-token", r -> "xoxb-" + digits(r, 12) + "-" + digits(r, 13) + "-" + s(r, ALNUM, 24));
        add("slack-user-token", r -> "xoxp-" + digits(r, 12) + "-" + digits(r, 12) + "-" + digits(r, 13) + "-" + s(r, HEX, 32));
        add("slack-webhook", r -> "https://hooks.slack.com/services/T" + s(r, UPPER_NUM, 8) + "/B" + s(r, UPPER_NUM, 10) + "/" + s(r, ALNUM, 24));
        add("discord-webhook", r -> "https://discord.com/api/webhooks/" + digits(r, 18) + "/" + s(r, URLSAFE, 68));
        add("stripe-live-key", r -> "sk_live_" + s(r, ALNUM, 99));
        add("stripe-restricted-key", r -> "rk_live_" + s(r, ALNUM, 99));
        add("stripe-webhook-secret", r -> "whsec_" + s(r, ALNUM, 32));
        add("sendgrid-key", r -> "SG." + s(r, URLSAFE, 22) + "." + s(r, URLSAFE, 43));
        add("shopify-token", r -> "shpat_" + s(r, HEX, 32));
        add("linear-key", r -> "lin_api_" + s(r, ALNUM, 40));
        add("notion-token", r -> "ntn_" + digits(r, 11) + s(r, ALNUM, 35));
        add("postman-key", r -> "PMAK-" + s(r, HEX, 24) + "-" + s(r, HEX, 34));
        add("grafana-cloud-token", r -> "glc_" + s(r, B64, 120) + "=");
        add("grafana-service-account-token", r -> "glsa_" + s(r, ALNUM, 32) + "_" + s(r, HEX, 8));
        add("sentry-user-token", r -> "sntryu_" + s(r, HEX, 64));
        add("new-relic-key", r -> "NRAK-" + s(r, UPPER_NUM, 27));
        add("atlassian-token", r -> "ATATT3xFfGF0" + s(r, URLSAFE, 180));
        add("telegram-bot-token", r -> (1 + r.nextInt(9)) + digits(r, 9) + ":AA" + s(r, URLSAFE, 33));
        add("twilio-auth-token", r -> s(r, HEX, 32));
        add("age-secret-key", r -> "AGE-SECRET-KEY-1" + s(r, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58));
        add("rsa-private-key", r -> pem(r, "RSA PRIVATE KEY", 24));
        add("ec-private-key", r -> pem(r, "EC PRIVATE KEY", 3));
        add("pkcs8-private-key", r -> pem(r, "PRIVATE KEY", 16));
        add("openssh-private-key", r -> pem(r, "OPENSSH PRIVATE KEY", 7));
        add("pgp-private-key", r -> "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + body(r, 20) + "=" + s(r, B64, 4) + "\n-----END PGP PRIVATE KEY BLOCK-----");
        add("jwt", r -> jwt(r));
        add("database-password", r -> mixed(r, ALNUM, 18));
        add("url-password", r -> mixed(r, ALNUM, 14));
        add("connection-string-password", r -> mixed(r, ALNUM, 16) + "!");
        add("bearer-token", r -> mixed(r, URLSAFE, 48));
        add("basic-auth", r -> Base64.getEncoder().encodeToString(("admin:" + mixed(r, ALNUM, 14)).getBytes(StandardCharsets.UTF_8)));
        add("generic-secret", r -> mixed(r, ALNUM, 32));
        add("generic-password", r -> mixed(r, ALNUM, 12) + "#" + digits(r, 2));
    }

    private void add(String family, Function<Random, String> generator) {
        generators.put(family, generator);
    }

    Map<String, Function<Random, String>> families() {
        return generators;
    }

    String next(String family) {
        Function<Random, String> g = generators.get(family);
        if (g == null) {
            throw new IllegalArgumentException("no generator for family " + family);
        }
        return g.apply(random);
    }

    static String s(Random r, String alphabet, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    static String digits(Random r, int n) {
        return s(r, "0123456789", n);
    }

    /** A random string that mixes upper case, lower case and digits, as real keys do. */
    static String mixed(Random r, String alphabet, int n) {
        while (true) {
            String s = s(r, alphabet, n);
            if (s.chars().anyMatch(Character::isUpperCase) && s.chars().anyMatch(Character::isLowerCase)
                    && s.chars().anyMatch(Character::isDigit)) {
                return s;
            }
        }
    }

    static String uuid(Random r) {
        return s(r, HEX, 8) + "-" + s(r, HEX, 4) + "-" + s(r, HEX, 4) + "-" + s(r, HEX, 4) + "-" + s(r, HEX, 12);
    }

    /** A GitHub/npm-style token: 4-character prefix, 30 random characters, CRC32 checksum. */
    static String github(Random r, String prefix) {
        String body = s(r, ALNUM, 30);
        return prefix + body + Crc32Base62.checksum(body);
    }

    static String pem(Random r, String label, int lines) {
        return "-----BEGIN " + label + "-----\n" + body(r, lines) + "-----END " + label + "-----";
    }

    private static String body(Random r, int lines) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            b.append(s(r, B64, 64)).append('\n');
        }
        return b.toString();
    }

    static String jwt(Random r) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        String header = e.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = e.encodeToString(("{\"sub\":\"" + uuid(r) + "\",\"role\":\"service_role\",\"iat\":"
                + (1700000000 + r.nextInt(50_000_000)) + "}").getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + s(r, URLSAFE, 43);
    }
}
