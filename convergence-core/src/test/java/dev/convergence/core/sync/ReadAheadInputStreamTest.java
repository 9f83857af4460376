package dev.convergence.core.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Seeded cases: the bytes, the failures and the end of a stream read ahead on another thread. */
class ReadAheadInputStreamTest {

    private static final long BASE_SEED = Long.getLong("convergence.seed", 20261125L);
    private static final int C = ReadAheadInputStream.CHUNK;

    /** A source of {@code size} seeded bytes that returns short reads, optionally failing after {@code failAt} bytes. */
    private static final class Source extends InputStream {
        final byte[] data;
        final Random r;
        final long failAt;
        final RuntimeException runtimeFailure;
        final AtomicLong served = new AtomicLong();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile Thread readBy;

        Source(byte[] data, long seed, long failAt, RuntimeException runtimeFailure) {
            this.data = data;
            this.r = new Random(seed);
            this.failAt = failAt;
            this.runtimeFailure = runtimeFailure;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the read-ahead reads in bulk");
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            readBy = Thread.currentThread();
            int at = (int) served.get();
            if (at >= failAt) {
                if (runtimeFailure != null) {
                    throw runtimeFailure;
                }
                throw new IOException("disk gone at " + at);
            }
            if (at >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, 1 + r.nextInt(256 * 1024)), data.length - at);
            n = (int) Math.min(n, failAt - at);
            System.arraycopy(data, at, b, off, n);
            served.addAndGet(n);
            return n;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static byte[] bytes(Random r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        return b;
    }

    /** Reads everything with reads of random sizes (single bytes among them). */
    private static byte[] drain(InputStream in, Random r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[3 * C];
        while (true) {
            if (r.nextInt(20) == 0) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                out.write(b);
                continue;
            }
            int off = r.nextInt(16);
            int n = in.read(buf, off, r.nextInt(buf.length - off));
            if (n < 0) {
                break;
            }
            out.write(buf, off, n);
        }
        return out.toByteArray();
    }

    @Test
    void everyByteArrivesInOrderAndTheSourceIsClosed() throws IOException {
        int[] sizes = {0, 1, C - 1, C, C + 1, 2 * C, 5 * C + 17};
        for (int i = 0; i < 40; i++) {
            long seed = BASE_SEED + i;
            Random r = new Random(seed);
            int size = i < sizes.length ? sizes[i] : r.nextInt(6 * C);
            byte[] data = bytes(r, size);
            Source src = new Source(data, seed, Long.MAX_VALUE, null);
            try (ReadAheadInputStream in = new ReadAheadInputStream(src)) {
                assertArrayEquals(data, drain(in, r), () -> "seed " + seed + ", size " + size);
                assertEquals(-1, in.read(), "the end stays the end");
                assertTrue(src.readBy != Thread.currentThread() || size == 0, "the source is read on the read-ahead thread");
            }
            assertTrue(src.closed.get(), "seed " + seed);
        }
    }

    @Test
    void aFailureOfTheSourceComesAfterTheBytesBeforeItAsTheSameException() throws IOException {
        for (int i = 0; i < 20; i++) {
            long seed = BASE_SEED + 100 + i;
            Random r = new Random(seed);
            byte[] data = bytes(r, 4 * C);
            int failAt = r.nextInt(data.length);
            RuntimeException unchecked = i % 2 == 0 ? null : new UncheckedIOException(new IOException("transport failed"));
            Source src = new Source(data, seed, failAt, unchecked);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try (ReadAheadInputStream in = new ReadAheadInputStream(src)) {
                byte[] buf = new byte[64 * 1024];
                Exception thrown = assertThrows(Exception.class, () -> {
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        got.write(buf, 0, n);
                    }
                }, "seed " + seed);
                if (unchecked != null) {
                    assertSame(unchecked, thrown, "seed " + seed);
                } else {
                    assertTrue(thrown instanceof IOException && thrown.getMessage().startsWith("disk gone"), "seed " + seed + ": " + thrown);
                }
            }
            assertArrayEquals(java.util.Arrays.copyOf(data, failAt), got.toByteArray(), "seed " + seed + ": every byte before the failure");
            assertTrue(src.closed.get());
        }
    }

    @Test
    void closingEarlyStopsTheReadAheadAndTheSourceIsNoLongerRead() throws Exception {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        AtomicLong reads = new AtomicLong();
        AtomicBoolean closed = new AtomicBoolean();
        InputStream counted = new java.io.FilterInputStream(endless) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                reads.incrementAndGet();
                return super.read(b, off, len);
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        ReadAheadInputStream in = new ReadAheadInputStream(counted);
        assertEquals(100, in.readNBytes(100).length);
        in.close();
        assertTrue(closed.get(), "the source is closed after the thread stopped");
        long after = reads.get();
        Thread.sleep(100);
        assertEquals(after, reads.get(), "nothing reads the source after close");
        assertThrows(IOException.class, () -> in.read(new byte[1], 0, 1));
        in.close();
    }
}
