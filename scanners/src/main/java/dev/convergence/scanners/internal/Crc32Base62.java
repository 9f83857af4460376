package dev.convergence.scanners.internal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The checksum GitHub ({@code ghp_}, {@code gho_}, {@code ghu_}, {@code ghs_}, {@code ghr_}) and
 * npm ({@code npm_}) tokens carry: after a 4-character prefix come 30 random characters and then
 * the CRC32 of those 30 characters in base 62, left-padded with {@code 0} to 6 characters.
 */
public final class Crc32Base62 implements SecretValidator {

    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int PREFIX = 4;
    private static final int CHECKSUM = 6;

    @Override
    public boolean accepts(String secret) {
        if (secret.length() != PREFIX + 30 + CHECKSUM) {
            return false;
        }
        String body = secret.substring(PREFIX, secret.length() - CHECKSUM);
        return checksum(body).equals(secret.substring(secret.length() - CHECKSUM));
    }

    /** The 6-character base-62 CRC32 of {@code body}. */
    public static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        long value = crc.getValue();
        char[] out = new char[CHECKSUM];
        for (int i = CHECKSUM - 1; i >= 0; i--) {
            out[i] = DIGITS.charAt((int) (value % 62));
            value /= 62;
        }
        return new String(out);
    }
}
