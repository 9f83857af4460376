package dev.convergence.transport.dir;

import dev.convergence.api.transport.ContentHash;
import dev.convergence.api.transport.Content;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;

/** Deterministic content of any size, generated as it is read (a large file without the disk or the heap). */
final class PatternContent {

    private PatternContent() {
    }

    static Content of(long size) {
        return new Content() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() {
                return stream(size);
            }
        };
    }

    static InputStream stream(long size) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < size ? byteAt(position++) : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= size) {
                    return -1;
                }
                int n = (int) Math.min(len, size - position);
                for (int i = 0; i < n; i++) {
                    b[off + i] = (byte) byteAt(position++);
                }
                return n;
            }
        };
    }

    static byte[] sha256(long size) throws IOException {
        var digest = ContentHash.newDigest();
        try (InputStream in = new DigestInputStream(stream(size), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return digest.digest();
    }

    private static int byteAt(long position) {
        return (int) ((position * 31 + (position >>> 12)) & 0x7f) | 0x20;
    }
}
