package dev.convergence.scanners.internal;

/**
 * A PEM, OpenSSH or PGP private key block, from {@code -----BEGIN … PRIVATE KEY…-----} to its
 * {@code -----END …-----} line; the lines may be separated by real newlines or by the two- or
 * three-character escapes ({@code \n}, {@code \\n}) a JSON-escaped copy holds. A block whose end
 * is missing (a truncated tool output) runs to the last base64 character within reach. A block
 * with fewer than 40 base64 characters is a placeholder, not a key.
 */
public final class PemPrivateKey implements SpanDetector {

    private static final String BEGIN = "-----begin ";
    private static final int MAX_LABEL = 40;
    private static final int MIN_BODY = 40;

    @Override
    public void detect(String text, int keywordStart, int maxLength, Sink sink) {
        int labelStart = keywordStart + BEGIN.length();
        int labelEnd = indexOf(text, "-----", labelStart, labelStart + MAX_LABEL + 5);
        if (labelEnd < 0) {
            return;
        }
        String label = text.substring(labelStart, labelEnd);
        if (!label.endsWith("PRIVATE KEY") && !label.equals("PGP PRIVATE KEY BLOCK")) {
            return;
        }
        int bodyStart = labelEnd + 5;
        int limit = (int) Math.min(text.length(), (long) bodyStart + maxLength);
        // the body ends at the next marker: its END line, or (truncated output) whatever marker comes next
        int marker = indexOf(text, "-----", bodyStart, limit);
        int bodyEnd = marker < 0 ? limit : marker;
        int end;
        if (marker >= 0 && text.startsWith("-----END ", marker)) {
            int close = indexOf(text, "-----", marker + 9, marker + 9 + MAX_LABEL + 5);
            end = close >= 0 ? close + 5 : marker;
        } else {
            end = lastBase64(text, bodyStart, bodyEnd);
        }
        if (base64Count(text, bodyStart, bodyEnd) >= MIN_BODY) {
            sink.accept(keywordStart, end);
        }
    }

    /** {@code text.indexOf(needle, from)}, but looking no further than {@code limit}. */
    private static int indexOf(String text, String needle, int from, int limit) {
        int last = Math.min(limit, text.length()) - needle.length();
        for (int i = from; i <= last; i++) {
            if (text.startsWith(needle, i)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastBase64(String text, int from, int limit) {
        int end = from;
        for (int i = from; i < limit; i++) {
            if (isBase64(text.charAt(i))) {
                end = i + 1;
            }
        }
        return end;
    }

    private static int base64Count(String text, int from, int to) {
        int count = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            // 'n' and 'r' after a backslash are escapes, not key material
            if (isBase64(c) && !(i > from && text.charAt(i - 1) == '\\')) {
                count++;
            }
        }
        return count;
    }

    private static boolean isBase64(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=';
    }
}
