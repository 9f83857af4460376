package dev.convergence.core.crypto;

import java.io.IOException;
import java.io.InputStream;

/** A stream served from one buffer that {@link #fill} refills a chunk at a time (sealing or opening a segment). */
abstract class ChunkStream extends InputStream {

    /** The bytes of the current chunk, {@code [pos, lim)} not read yet. */
    protected byte[] buf;
    protected int pos;
    protected int lim;
    /** Set by {@link #fill} when it produced the last chunk. */
    protected boolean done;

    ChunkStream(byte[] buf) {
        this.buf = buf;
    }

    /** Puts the next chunk into {@code buf[0, lim)} and resets {@code pos}; sets {@code done} after the last. */
    protected abstract void fill() throws IOException;

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == lim) {
            if (done) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }
}
