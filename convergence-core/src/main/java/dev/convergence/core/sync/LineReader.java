package dev.convergence.core.sync;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a stream as lines that keep their terminator ({@code \n}, so {@code \r\n} stays too);
 * the last line may lack one. Concatenating every line gives back the stream byte for byte.
 */
public final class LineReader implements AutoCloseable {

    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;

    public LineReader(InputStream in) {
        this.in = in;
    }

    /** The next line with its terminator, or {@code null} at the end. */
    public byte[] next() throws IOException {
        byte[] acc = null;
        int accLen = 0;
        while (true) {
            if (pos == limit) {
                if (eof || !fill()) {
                    return acc == null ? null : Arrays.copyOf(acc, accLen);
                }
            }
            int start = pos;
            int nl = -1;
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    nl = i;
                    break;
                }
            }
            int end = nl < 0 ? limit : nl + 1;
            int n = end - start;
            if (acc == null) {
                acc = new byte[Math.max(n, nl < 0 ? n * 2 : n)];
            } else if (accLen + n > acc.length) {
                acc = Arrays.copyOf(acc, Math.max(accLen + n, acc.length * 2));
            }
            System.arraycopy(buf, start, acc, accLen, n);
            accLen += n;
            pos = end;
            if (nl >= 0) {
                return accLen == acc.length ? acc : Arrays.copyOf(acc, accLen);
            }
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            pos = limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    /** Whether a line ends with its terminator (only the very last line of a file may not). */
    public static boolean isComplete(byte[] line) {
        return line.length > 0 && line[line.length - 1] == '\n';
    }

    /** The line without {@code \n} or {@code \r\n}. */
    public static byte[] body(byte[] line) {
        int end = line.length;
        if (end > 0 && line[end - 1] == '\n') {
            end--;
            if (end > 0 && line[end - 1] == '\r') {
                end--;
            }
        }
        return end == line.length ? line : Arrays.copyOf(line, end);
    }

    /** The terminator of a line ({@code ""}, {@code "\n"} or {@code "\r\n"}) as bytes. */
    public static byte[] terminator(byte[] line) {
        int bodyLen = body(line).length;
        return Arrays.copyOfRange(line, bodyLen, line.length);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
