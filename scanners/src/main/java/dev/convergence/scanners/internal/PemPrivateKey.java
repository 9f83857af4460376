package dev.convergence.scanners.internal;

/**
 * A PEM, OpenSSH or PGP private key block, from {@code -----BEGIN … PRIVATE KEY…-----} to its
 * {@code -----END …-----} line; the lines may be separated by real newlines or by the two- or
 * three-character escapes ({@code \n}, {@code \\n}) a JSON-escaped copy holds. A block whose end
 * is missing (a truncated tool output) runs to the last base64 character before anything that
 * cannot be part of a key. A block without a run of 40 base64 characters (a placeholder, a
 * sentence, source code that mentions the marker) is not a key.
 */
public final class PemPrivateKey implements SpanDetector {

    private static final String BEGIN = "-----begin ";
    private static final int MAX_LABEL = 40;
    /** Key material comes in lines of 64 (PEM, PGP) or 70 (OpenSSH) base64 characters; prose does not. */
    private static final int MIN_LINE = 40;

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
        int limit = (int) Math.min(text.length(), (long) labelEnd + 5 + maxLength);
        int i = labelEnd + 5;
        int lastBase64 = i;
        int run = 0;
        int longestRun = 0;
        while (i < limit && !text.startsWith("-----", i)) {
            char c = text.charAt(i);
            if (isBase64(c)) {
                run++;
                longestRun = Math.max(longestRun, run);
                lastBase64 = ++i;
            } else if (c == '\\') {
                // an escaped line break (\n, \\n, \r\n…) continues the line; any other escape ends the block
                int j = i;
                while (j < limit && text.charAt(j) == '\\') {
                    j++;
                }
                if (j == limit || "nrt".indexOf(text.charAt(j)) < 0) {
                    break;
                }
                i = j + 1;
            } else if (c == '\n' || c == '\r') {
                i++;
            } else if (c == ' ' || c == ':' || c == ',' || c == '-' || c == '\t') {
                // header lines of encrypted PEM and PGP armour ("Proc-Type: 4,ENCRYPTED", "Version: …")
                run = 0;
                i++;
            } else {
                break;
            }
        }
        if (longestRun < MIN_LINE) {
            return;
        }
        int end = lastBase64;
        if (text.startsWith("-----END ", i)) {
            int close = indexOf(text, "-----", i + 9, i + 9 + MAX_LABEL + 5);
            end = close >= 0 ? close + 5 : i;
        }
        sink.accept(keywordStart, end);
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

    private static boolean isBase64(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=';
    }
}
