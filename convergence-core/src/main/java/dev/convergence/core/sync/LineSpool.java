package dev.convergence.core.sync;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Lines kept with only their offsets and 64-bit hashes in memory once they pass 8 MiB (before
 * that they stay in a buffer), so a merge of two multi-gigabyte tails costs 16 bytes of heap per
 * line, not the lines themselves. Hash matches are always confirmed byte for byte: a collision
 * can never drop a line.
 */
final class LineSpool implements AutoCloseable {

    private static final int IN_MEMORY = 8 << 20;

    private final Path dir;
    private Path file;
    private OutputStream out;
    private java.io.ByteArrayOutputStream buffer = new java.io.ByteArrayOutputStream();
    private long[] offsets = new long[1024];
    private long[] hashes = new long[1024];
    private int count;
    private long size;
    private byte[] first;
    private RandomAccessFile reader;
    /** The buffer's bytes once reading starts (lines are all added before any is read). */
    private byte[] frozen;

    LineSpool(Path dir) {
        this.dir = dir;
    }

    void add(byte[] line) throws IOException {
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            hashes = Arrays.copyOf(hashes, count * 2);
        }
        if (first == null) {
            first = line;
        }
        offsets[count] = size;
        hashes[count] = hash(LineReader.body(line));
        count++;
        if (buffer != null && buffer.size() + line.length > IN_MEMORY) {
            file = Files.createTempFile(dir, "tail", ".spool");
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
            buffer.writeTo(out);
            buffer = null;
        }
        (buffer != null ? buffer : out).write(line);
        size += line.length;
    }

    int count() {
        return count;
    }

    byte[] first() {
        return first;
    }

    long hash(int i) {
        return hashes[i];
    }

    /** Line {@code i} with its terminator. */
    byte[] line(int i) throws IOException {
        long end = i + 1 < count ? offsets[i + 1] : size;
        if (buffer != null) {
            if (frozen == null) {
                frozen = buffer.toByteArray();
            }
            return Arrays.copyOfRange(frozen, (int) offsets[i], (int) end);
        }
        if (reader == null) {
            out.flush();
            reader = new RandomAccessFile(file.toFile(), "r");
        }
        byte[] b = new byte[(int) (end - offsets[i])];
        reader.seek(offsets[i]);
        reader.readFully(b);
        return b;
    }

    /** Streams every line in order to {@code sink}. */
    void forEach(LineSink sink) throws IOException {
        if (out != null) {
            out.flush();
        }
        try (InputStream in = buffer != null ? new java.io.ByteArrayInputStream(buffer.toByteArray()) : Files.newInputStream(file);
             LineReader r = new LineReader(in)) {
            int i = 0;
            for (byte[] l = r.next(); l != null; l = r.next()) {
                sink.accept(i++, l);
            }
        }
    }

    /** Receives the lines of a spool. */
    interface LineSink {
        void accept(int index, byte[] line) throws IOException;
    }

    static long hash(byte[] b) {
        long h = 0xcbf29ce484222325L;
        for (byte x : b) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        return h ^ (h >>> 29) ^ b.length;
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
        if (reader != null) {
            reader.close();
        }
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
