package dev.convergence.core.sync;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes read through it, on whichever thread reads ({@link #bytes()} is read after the
 * stream is closed). With an expected length, reaching the end at any other count is an error:
 * a cluster copy cut short must never pass for the whole file.
 */
final class CountedInputStream extends FilterInputStream {

    private final long expected;
    private final String what;
    private long bytes;

    /** Counts only. */
    CountedInputStream(InputStream in) {
        this(in, -1, null);
    }

    /** Fails at the end unless exactly {@code expected} bytes came ({@code what} names the content in the message). */
    CountedInputStream(InputStream in, long expected, String what) {
        super(in);
        this.expected = expected;
        this.what = what;
    }

    long bytes() {
        return bytes;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        counted(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return counted(in.read(b, off, len));
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        bytes += skipped;
        return skipped;
    }

    private int counted(int n) throws IOException {
        if (n > 0) {
            bytes += n;
        } else if (n < 0 && expected >= 0 && bytes != expected) {
            throw new IOException(what + " holds " + bytes + " bytes where the snapshot lists " + expected);
        }
        return n;
    }
}
