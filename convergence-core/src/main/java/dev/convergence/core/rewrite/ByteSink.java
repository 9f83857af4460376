package dev.convergence.core.rewrite;

import java.util.Arrays;

/** A growable byte array that a rewritten line is assembled in. Not thread-safe. */
final class ByteSink {

    private byte[] bytes;
    private int size;

    ByteSink(int capacity) {
        bytes = new byte[Math.max(16, capacity)];
    }

    void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    void write(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, bytes, size, len);
        size += len;
    }

    /** Makes room for {@code extra} more bytes, so that as many {@link #put} calls are safe. */
    void reserve(int extra) {
        ensure(extra);
    }

    /** Appends a byte without a capacity check: only after {@link #reserve}. */
    void put(int b) {
        bytes[size++] = (byte) b;
    }

    private void ensure(int extra) {
        if (size + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + extra));
        }
    }

    byte[] array() {
        return bytes;
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    void clear() {
        size = 0;
    }
}
