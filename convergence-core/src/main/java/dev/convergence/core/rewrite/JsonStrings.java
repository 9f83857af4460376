package dev.convergence.core.rewrite;

/**
 * Decoding of JSON string content, and encoding exactly as JavaScript's {@code JSON.stringify}
 * does: only {@code "}, {@code \} and control characters are escaped ({@code \b \f \n \r \t},
 * else {@code &#92;u00xx} in lower-case hex), lone surrogates as {@code &#92;udxxx}, everything else raw
 * UTF-8. Stateless.
 */
final class JsonStrings {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final int ENCODE_BLOCK = 4096;

    private JsonStrings() {
    }

    /**
     * Decodes valid string content {@code raw[from..to)} (already checked by
     * {@link JsonSyntaxChecker}) into {@code out}; returns the number of chars.
     */
    static int decode(byte[] raw, int from, int to, char[] out) {
        int n = 0;
        int i = from;
        while (i < to) {
            int b = raw[i] & 0xff;
            if (b == '\\') {
                char e = (char) raw[i + 1];
                switch (e) {
                    case 'b' -> out[n++] = '\b';
                    case 'f' -> out[n++] = '\f';
                    case 'n' -> out[n++] = '\n';
                    case 'r' -> out[n++] = '\r';
                    case 't' -> out[n++] = '\t';
                    case 'u' -> {
                        out[n++] = (char) Integer.parseInt(new String(raw, i + 2, 4, java.nio.charset.StandardCharsets.US_ASCII), 16);
                        i += 4;
                    }
                    default -> out[n++] = e; // " \ /
                }
                i += 2;
            } else if (b < 0x80) {
                out[n++] = (char) b;
                i++;
            } else if (b < 0xE0) {
                out[n++] = (char) (((b & 0x1F) << 6) | (raw[i + 1] & 0x3F));
                i += 2;
            } else if (b < 0xF0) {
                out[n++] = (char) (((b & 0x0F) << 12) | ((raw[i + 1] & 0x3F) << 6) | (raw[i + 2] & 0x3F));
                i += 3;
            } else {
                int cp = ((b & 0x07) << 18) | ((raw[i + 1] & 0x3F) << 12) | ((raw[i + 2] & 0x3F) << 6) | (raw[i + 3] & 0x3F);
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                i += 4;
            }
        }
        return n;
    }

    /** Appends the {@code JSON.stringify} encoding of {@code s[from..to)} (without quotes). */
    static void encode(CharSequence s, int from, int to, ByteSink out) {
        char[] chars = new char[to - from];
        for (int i = from; i < to; i++) {
            chars[i - from] = s.charAt(i);
        }
        encode(chars, 0, chars.length, out);
    }

    /** Appends the {@code JSON.stringify} encoding of {@code s[from..to)} (without quotes). */
    static void encode(char[] s, int from, int to, ByteSink out) {
        int reservedUpTo = from;
        for (int i = from; i < to; i++) {
            if (i >= reservedUpTo) {
                // Room for a block of chars at the longest encoding of one char (a 6-byte escape);
                // in blocks, so that a long string does not reserve six times its size at once.
                reservedUpTo = Math.min(to, i + ENCODE_BLOCK);
                out.reserve(6 * (reservedUpTo - i) + 6);
            }
            char c = s[i];
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    out.put('\\');
                }
                out.put(c);
            } else if (c < 0x20) {
                escapeControl(c, out);
            } else if (c < 0x800) {
                out.put(0xC0 | (c >> 6));
                out.put(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s[i + 1])) {
                int cp = Character.toCodePoint(c, s[++i]);
                out.put(0xF0 | (cp >> 18));
                out.put(0x80 | ((cp >> 12) & 0x3F));
                out.put(0x80 | ((cp >> 6) & 0x3F));
                out.put(0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                unicodeEscape(c, out);
            } else {
                out.put(0xE0 | (c >> 12));
                out.put(0x80 | ((c >> 6) & 0x3F));
                out.put(0x80 | (c & 0x3F));
            }
        }
    }

    private static void escapeControl(char c, ByteSink out) {
        switch (c) {
            case '\b' -> twoChar('b', out);
            case '\f' -> twoChar('f', out);
            case '\n' -> twoChar('n', out);
            case '\r' -> twoChar('r', out);
            case '\t' -> twoChar('t', out);
            default -> unicodeEscape(c, out);
        }
    }

    private static void twoChar(char e, ByteSink out) {
        out.put('\\');
        out.put(e);
    }

    private static void unicodeEscape(char c, ByteSink out) {
        out.put('\\');
        out.put('u');
        out.put(HEX[(c >> 12) & 0xF]);
        out.put(HEX[(c >> 8) & 0xF]);
        out.put(HEX[(c >> 4) & 0xF]);
        out.put(HEX[c & 0xF]);
    }

    /**
     * The first escape in {@code raw[from..to)} that {@code JSON.stringify} would not write (so a
     * re-encoded copy of this string cannot be byte-identical), e.g. {@code \/} or {@code &#92;u0041};
     * null when the content is in standard form.
     */
    static String firstNonStandardEscape(byte[] raw, int from, int to) {
        int i = from;
        while (i < to) {
            if (raw[i] != '\\') {
                i++;
                continue;
            }
            char e = (char) raw[i + 1];
            if (e == '/') {
                return "\\/";
            }
            if (e == 'u') {
                String hex = new String(raw, i + 2, 4, java.nio.charset.StandardCharsets.US_ASCII);
                char c = (char) Integer.parseInt(hex, 16);
                boolean needed = (c < 0x20 && "\b\f\n\r\t".indexOf(c) < 0) || Character.isSurrogate(c);
                if (!needed || !hex.equals(hex.toLowerCase(java.util.Locale.ROOT))) {
                    // A surrogate pair written as two escapes is also not standard.
                    return "\\u" + hex;
                }
                if (Character.isHighSurrogate(c) && i + 11 < to + 0 && raw[i + 6] == '\\' && raw[i + 7] == 'u') {
                    char low = (char) Integer.parseInt(new String(raw, i + 8, 4, java.nio.charset.StandardCharsets.US_ASCII), 16);
                    if (Character.isLowSurrogate(low)) {
                        return "\\u" + hex + "\\u" + new String(raw, i + 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
                    }
                }
                i += 6;
                continue;
            }
            i += 2;
        }
        return null;
    }
}
