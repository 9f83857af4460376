package dev.convergence.core.rewrite;

import java.util.Objects;

/**
 * Claude Code's name for a project's folder under {@code ~/.claude/projects/}.
 *
 * <p>Every UTF-16 unit that is not {@code [A-Za-z0-9]} becomes {@code -}, one for one. When the
 * result is longer than 200 characters Claude Code keeps the first 200, then {@code -} and a
 * base-36 hash of the <em>original</em> path. The hash is the one in Claude Code 2.1's bundled
 * JavaScript ({@code h = (h << 5) - h + s.charCodeAt(i) | 0} over the UTF-16 units, i.e. Java's
 * {@code String.hashCode} arithmetic in signed 32 bits), written as {@code Math.abs(h).toString(36)}
 * (so {@code Integer.MIN_VALUE} gives {@code 2147483648} in base 36, not a negative number).
 * Builds of Claude Code running under Bun may use {@code Bun.hash} instead; roots that long are
 * rare, and root inference never depends on the suffix being right for such paths only.
 */
public final class ClaudePaths {

    /** Names longer than this get the hash suffix. */
    public static final int MAX_SANITIZED_LENGTH = 200;

    private ClaudePaths() {
    }

    /** The folder name Claude Code uses for a project whose root is {@code nativeRootPath}. */
    public static String encode(String nativeRootPath) {
        Objects.requireNonNull(nativeRootPath, "nativeRootPath");
        char[] out = nativeRootPath.toCharArray();
        for (int i = 0; i < out.length; i++) {
            if (!isAsciiAlphanumeric(out[i])) {
                out[i] = '-';
            }
        }
        String sanitized = new String(out);
        if (sanitized.length() <= MAX_SANITIZED_LENGTH) {
            return sanitized;
        }
        return sanitized.substring(0, MAX_SANITIZED_LENGTH) + "-" + hash36(nativeRootPath);
    }

    /** {@code Math.abs(djb2-style int32 hash).toString(36)} as Claude Code computes it. */
    static String hash36(String s) {
        int h = 0;
        for (int i = 0; i < s.length(); i++) {
            h = (h << 5) - h + s.charAt(i);
        }
        return Long.toString(Math.abs((long) h), 36);
    }

    static boolean isAsciiAlphanumeric(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
