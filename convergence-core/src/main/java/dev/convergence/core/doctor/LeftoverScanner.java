package dev.convergence.core.doctor;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An output stream that finds machine-local paths left in canonical bytes: each pattern where it
 * stands as a whole path (the FORMAT.md boundary rule applied to raw bytes). Keeps a few examples
 * with line numbers. Memory is bounded by the longest pattern.
 */
final class LeftoverScanner extends OutputStream {

    static final int MAX_EXAMPLES = 10;

    private final String file;
    private final List<byte[]> patterns = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final byte[] window;
    private int windowLength;
    private long lineAtWindowStart = 1;
    private long count;
    private long onCurrentLine;
    private long inUnterminatedLastLine;
    private boolean endsWithNewline = true;
    private final List<String> examples;

    LeftoverScanner(String file, List<String> labels, List<String> texts, List<String> examples) {
        this.file = file;
        this.examples = examples;
        int max = 1;
        for (int i = 0; i < texts.size(); i++) {
            byte[] p = texts.get(i).getBytes(StandardCharsets.UTF_8);
            if (p.length > 0) {
                patterns.add(p);
                this.labels.add(labels.get(i));
                max = Math.max(max, p.length);
            }
        }
        window = new byte[Math.max(1 << 16, 4 * (max + 3))];
    }

    /** Leftovers on complete lines. */
    long count() {
        return count;
    }

    /** Leftovers on a last line without a terminator (a line Claude Code is still writing). */
    long inUnterminatedLastLine() {
        return inUnterminatedLastLine;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (len > 0) {
            endsWithNewline = b[off + len - 1] == '\n';
        }
        while (len > 0) {
            int n = Math.min(len, window.length - windowLength);
            System.arraycopy(b, off, window, windowLength, n);
            windowLength += n;
            off += n;
            len -= n;
            if (windowLength == window.length) {
                scan(false);
            }
        }
    }

    @Override
    public void close() {
        scan(true);
        if (!endsWithNewline) {
            inUnterminatedLastLine = onCurrentLine;
            count -= onCurrentLine;
        }
    }

    private void scan(boolean last) {
        int keep = last ? 0 : Math.min(windowLength, maxPattern() + 2);
        int limit = windowLength - keep;
        long lineNo = lineAtWindowStart;
        for (int i = 0; i < limit; i++) {
            if (window[i] == '\n') {
                lineNo++;
                onCurrentLine = 0;
                continue;
            }
            for (int p = 0; p < patterns.size(); p++) {
                if (matchesAt(i, patterns.get(p))) {
                    count++;
                    onCurrentLine++;
                    if (examples.size() < MAX_EXAMPLES) {
                        examples.add(file + ":" + lineNo + ": " + labels.get(p) + " " + new String(patterns.get(p), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        lineAtWindowStart = lineNo;
        System.arraycopy(window, limit, window, 0, keep);
        windowLength = keep;
    }

    private int maxPattern() {
        int m = 0;
        for (byte[] p : patterns) {
            m = Math.max(m, p.length);
        }
        return m;
    }

    private boolean matchesAt(int i, byte[] p) {
        if (i + p.length > windowLength) {
            return false;
        }
        for (int k = 0; k < p.length; k++) {
            if (window[i + k] != p[k]) {
                return false;
            }
        }
        if (i > 0 && isAlnum(window[i - 1])) {
            return false;
        }
        int j = i + p.length;
        if (j >= windowLength) {
            return true;
        }
        byte c = window[j];
        if (isAlnum(c) || c == '_' || c == '-') {
            return false;
        }
        return !(c == '.' && j + 1 < windowLength && isAlnum(window[j + 1]));
    }

    private static boolean isAlnum(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
