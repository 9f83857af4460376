package dev.convergence.transport.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails with an {@link IOException} when a download ends before its declared length: never a silently short file. */
final class ExactLengthInputStream extends FilterInputStream {

    private final long expected;
    private final String key;
    private long seen;

    ExactLengthInputStream(InputStream in, Long expected, String key) {
        super(in);
        this.expected = expected == null ? -1 : expected;
        this.key = key;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? -1 : 1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
        int n = super.read(buffer, off, len);
        count(n);
        return n;
    }

    private void count(int n) throws IOException {
        if (n < 0) {
            if (expected >= 0 && seen != expected) {
                throw new IOException("download of " + key + " ended after " + seen + " of " + expected + " bytes");
            }
            return;
        }
        seen += n;
    }
}
