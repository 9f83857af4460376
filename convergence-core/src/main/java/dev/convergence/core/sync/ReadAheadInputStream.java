package dev.convergence.core.sync;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream on its own thread, a few chunks ahead of the reader, so that producing the bytes
 * (inflating, decrypting) and consuming them (localizing) run on two cores. A pull of one large
 * transcript otherwise does both on one thread, one after the other.
 *
 * <p>The source is read only by the read-ahead thread and closed by {@link #close()} after that
 * thread has stopped. A failure of the source is thrown to the reader, as the same exception,
 * once the bytes read before it have been consumed. The thread is never interrupted (an
 * interrupt would close a {@code FileChannel} the source may share); it stops at its next chunk.
 * Not thread-safe: one reader.
 */
final class ReadAheadInputStream extends InputStream {

    /** Bytes per chunk handed over. */
    static final int CHUNK = 1 << 20;
    /** Chunks read ahead at most. */
    private static final int AHEAD = 4;

    private record Chunk(byte[] bytes, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    private final InputStream source;
    private final BlockingQueue<Chunk> ready = new ArrayBlockingQueue<>(AHEAD);
    private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(AHEAD + 2);
    private final Thread thread;
    private volatile boolean closed;
    private volatile Throwable failure;
    private final byte[] one = new byte[1];
    private Chunk current;
    private int pos;

    ReadAheadInputStream(InputStream source) {
        this.source = source;
        this.thread = new Thread(this::fill, "read-ahead");
        thread.setDaemon(true);
        thread.start();
    }

    private void fill() {
        boolean more = true;
        while (more && !closed) {
            byte[] b = spare.poll();
            if (b == null) {
                b = new byte[CHUNK];
            }
            int n = 0;
            try {
                for (int r; n < CHUNK && (r = source.read(b, n, CHUNK - n)) >= 0; ) {
                    n += r;
                }
                more = n == CHUNK;
            } catch (Throwable t) {
                failure = t;
                more = false;
            }
            // The bytes read before a failure are handed over before it.
            if (n > 0 && !hand(new Chunk(b, n))) {
                return;
            }
        }
        hand(END);
    }

    /** Puts {@code c} in the queue, waiting for room; false when the reader closed the stream first. */
    private boolean hand(Chunk c) {
        try {
            while (!closed) {
                if (ready.offer(c, 20, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        while (current == null || pos == current.length()) {
            if (current == END) {
                return endOrFailure();
            }
            if (current != null) {
                spare.offer(current.bytes());
            }
            current = next();
            pos = 0;
        }
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.bytes(), pos, b, off, n);
        pos += n;
        return n;
    }

    private Chunk next() throws IOException {
        try {
            return ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
    }

    private int endOrFailure() throws IOException {
        Throwable t = failure;
        if (t == null) {
            return -1;
        }
        throw WorkerResult.asThrown(t);
    }

    /** Stops the read-ahead thread, waits for it, then closes the source. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        ready.clear();
        source.close();
    }
}
