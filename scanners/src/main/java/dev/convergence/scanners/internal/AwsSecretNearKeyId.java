package dev.convergence.scanners.internal;

/**
 * An AWS secret access key next to its key id: a run of exactly 40 characters of
 * {@code [A-Za-z0-9/+]} within reach of an {@code AKIA…}/{@code ASIA…} key id, mixing upper case,
 * lower case and digits (what {@code env}, {@code aws configure list} or a credentials file shows).
 */
public final class AwsSecretNearKeyId implements SpanDetector {

    private static final int KEY_ID = 20;
    private static final int SECRET = 40;

    @Override
    public void detect(String text, int keywordStart, int maxLength, Sink sink) {
        if (keywordStart + KEY_ID > text.length()) {
            return;
        }
        int from = Math.max(0, keywordStart - maxLength);
        int to = (int) Math.min(text.length(), (long) keywordStart + KEY_ID + maxLength);
        int runStart = -1;
        for (int i = from; i <= to; i++) {
            boolean in = i < to && isSecretChar(text.charAt(i));
            if (in && runStart < 0) {
                runStart = i;
            } else if (!in && runStart >= 0) {
                if (i - runStart == SECRET && bounded(text, runStart, i) && mixed(text, runStart, i)) {
                    sink.accept(runStart, i);
                }
                runStart = -1;
            }
        }
    }

    private static boolean bounded(String text, int start, int end) {
        return (start == 0 || !isSecretChar(text.charAt(start - 1)))
                && (end == text.length() || !isSecretChar(text.charAt(end)) && text.charAt(end) != '=');
    }

    private static boolean mixed(String text, int start, int end) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
        }
        return upper && lower && digit;
    }

    private static boolean isSecretChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '/' || c == '+';
    }
}
