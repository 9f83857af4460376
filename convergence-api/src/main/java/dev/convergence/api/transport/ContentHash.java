package dev.convergence.api.transport;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SHA-256 of content, streamed, as lower-case hex: the content id of content-addressed
 * transports (the directory and S3 transports name their objects by it; a plugin transport may
 * do the same). Stateless and thread-safe.
 */
public final class ContentHash {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ContentHash() {
    }

    /** The SHA-256 of everything {@code content} streams. */
    public static String of(Content content) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = content.open()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Whether {@code text} is a content id of this form (64 lower-case hex digits). */
    public static boolean isSha256(String text) {
        return SHA256.matcher(text).matches();
    }

    /** A fresh SHA-256 digest, for hashing while copying. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
