package dev.convergence.core.rewrite;

/**
 * One machine-local text and the sentinel that stands for it, with the matching rules of its OS:
 * POSIX anchors match exactly; Windows anchors match either separator at each separator position,
 * letters case-insensitively, and a drive prefix {@code C:} also as {@code /c}.
 *
 * @param sentinelIndex index of the sentinel name in {@link Anchors#names()}
 * @param text          the anchor in the machine's native form
 * @param windows       whether Windows matching rules apply
 */
record Anchor(int sentinelIndex, String text, boolean windows) {

    /** Whether the anchor starts with a drive prefix such as {@code C:\}. */
    boolean hasDrive() {
        return windows && text.length() >= 3 && isAsciiLetter(text.charAt(0)) && text.charAt(1) == ':'
                && isSeparator(text.charAt(2));
    }

    /** Whether the anchor occurs at {@code s[i..]} (same length as the anchor in every dialect). */
    boolean matchesAt(char[] s, int i, int end) {
        int n = text.length();
        if (end - i < n) {
            return false;
        }
        if (!windows) {
            for (int k = 0; k < n; k++) {
                if (s[i + k] != text.charAt(k)) {
                    return false;
                }
            }
            return true;
        }
        int k = 0;
        if (hasDrive()) {
            char c0 = s[i];
            char c1 = s[i + 1];
            boolean colonForm = sameLetter(c0, text.charAt(0)) && c1 == ':';
            boolean slashForm = c0 == '/' && sameLetter(c1, text.charAt(0));
            if (!colonForm && !slashForm) {
                return false;
            }
            k = 2;
        }
        for (; k < n; k++) {
            if (!windowsCharEquals(s[i + k], text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    static boolean windowsCharEquals(char a, char b) {
        if (a == b) {
            return true;
        }
        if (isSeparator(a) && isSeparator(b)) {
            return true;
        }
        if (a < 128 && b < 128) {
            return isAsciiLetter(a) && sameLetter(a, b);
        }
        if (a < 128 || b < 128) {
            // Keep ASCII and non-ASCII apart (the Kelvin sign is not a 'k'), so a byte-level
            // ASCII prefilter never misses a match.
            return false;
        }
        return Character.toUpperCase(a) == Character.toUpperCase(b)
                || Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    static boolean sameLetter(char a, char b) {
        return isAsciiLetter(a) && isAsciiLetter(b) && (a | 0x20) == (b | 0x20);
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isSeparator(char c) {
        return c == '/' || c == '\\';
    }
}
