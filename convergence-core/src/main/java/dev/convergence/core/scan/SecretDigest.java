package dev.convergence.core.scan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How a secret is shown and keyed without being revealed: its SHA-256 and a masked form. */
public final class SecretDigest {

    private SecretDigest() {
    }

    public static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /**
     * Shows at most a quarter of the secret (at most 6 leading and 2 trailing characters, enough
     * to recognise a prefix like {@code ghp_}), the rest as {@code *}; line breaks are shown as spaces.
     */
    public static String mask(String secret) {
        int n = secret.length();
        int head = Math.min(6, n / 4);
        int tail = n >= 24 ? 2 : 0;
        String shown = secret.substring(0, head) + "*".repeat(Math.min(8, Math.max(3, n - head - tail)))
                + secret.substring(n - tail);
        return shown.replaceAll("[\\r\\n\\t]", " ");
    }
}
