package dev.convergence.scanners.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A JWT candidate is real only when its header decodes to a JSON object naming an {@code alg}. */
public final class JwtShape implements SecretValidator {

    @Override
    public boolean accepts(String secret) {
        int dot = secret.indexOf('.');
        if (dot <= 0) {
            return false;
        }
        try {
            String header = new String(Base64.getUrlDecoder().decode(strip(secret.substring(0, dot))), StandardCharsets.UTF_8);
            return header.startsWith("{") && header.contains("\"alg\"");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String strip(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }
}
