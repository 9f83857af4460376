package dev.convergence.transport.s3;

import dev.convergence.api.transport.Content;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 of content, streamed: the name of a blob in the object store. */
final class ContentHash {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private ContentHash() {
    }

    static String of(Content content) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = content.open()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static boolean isSha256(String text) {
        return SHA256.matcher(text).matches();
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
