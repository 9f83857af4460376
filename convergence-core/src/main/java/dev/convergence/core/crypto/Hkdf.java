package dev.convergence.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA-256 (RFC 5869), built from the JDK's {@code HmacSHA256}. */
final class Hkdf {

    private static final int HASH_LEN = 32;

    private Hkdf() {
    }

    /** Extract-then-expand: {@code length} bytes of output keying material. */
    static byte[] derive(byte[] ikm, byte[] salt, String info, int length) {
        return expand(extract(salt, ikm), info.getBytes(StandardCharsets.UTF_8), length);
    }

    static byte[] extract(byte[] salt, byte[] ikm) {
        return hmac(salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt, ikm);
    }

    static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF output too long: " + length);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int done = 0;
            for (int i = 1; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, out, done, n);
                done += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
