package dev.convergence.core.scan;

/**
 * Writes a string as a JSON string literal exactly as JavaScript's {@code JSON.stringify} does,
 * which is how Claude Code writes transcripts: only {@code "}, {@code \}, control characters
 * below U+0020 and lone surrogates are escaped; everything else is written as is.
 */
final class JsonQuoting {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonQuoting() {
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16).append('"');
        appendEscaped(s, out);
        return out.append('"').toString();
    }

    /** The text between the quotes of {@link #quote}. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        appendEscaped(s, out);
        return out.toString();
    }

    private static void appendEscaped(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || isLoneSurrogate(s, i)) {
                        out.append("\\u").append(HEX[c >> 12 & 15]).append(HEX[c >> 8 & 15])
                                .append(HEX[c >> 4 & 15]).append(HEX[c & 15]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    private static boolean isLoneSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }
}
