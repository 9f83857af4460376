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
        int labelEnd = text.indexOf("-----", labelStart);
        if (labelEnd < 0 || labelEnd - labelStart > MAX_LABEL) {
            return;
        }
        String label = text.substring(labelStart, labelEnd);
        if (!label.endsWith("PRIVATE KEY") && !label.equals("PGP PRIVATE KEY BLOCK")) {
            return;
        }
        int bodyStart = labelEnd + 5;
        int limit = (int) Math.min(text.length(), (long) bodyStart + maxLength);
        int endMarker = text.indexOf("-----END ", bodyStart);
        int end;
        if (endMarker >= 0 && endMarker < limit) {
            int close = text.indexOf("-----", endMarker + 9);
            end = close >= 0 && close - endMarker < MAX_LABEL + 9 ? close + 5 : endMarker;
        } else {
            end = lastBase64(text, bodyStart, limit);
        }
        if (base64Count(text, bodyStart, Math.min(end, endMarker < 0 ? end : endMarker)) >= MIN_BODY) {
            sink.accept(keywordStart, end);
        }
    }

    private static int lastBase64(String text, int from, int limit) {
        int end = from;
        for (int i = from; i < limit; i++) {
            char c = text.charAt(i);
            if (isBase64(c)) {
                end = i + 1;
            } else if (c != '\n' && c != '\r' && c != '\\' && c != ' ' && c != ':' && c != '-') {
                break;
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
