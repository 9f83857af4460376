package dev.convergence.api.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** File content to publish, opened as often as the transport needs (for hashing, then upload). */
public interface Content {

    /** Exact size in bytes. */
    long size();

    /** A fresh stream over the whole content; the caller closes it. */
    InputStream open() throws IOException;

    /**
     * Whether compressing this content can pay off. {@code false} for content that is already
     * compressed or encrypted: a transport that compresses (git) may then store it as it is.
     * A hint only; the default is {@code true}.
     */
    default boolean compressible() {
        return true;
    }

    static Content of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new Content() {
            @Override
            public long size() {
                return bytes.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }
        };
    }

    /** Content of a file that must not change until publishing is over (e.g. a staged temp file). */
    static Content of(Path file) {
        Objects.requireNonNull(file, "file");
        return new Content() {
            @Override
            public long size() {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }
}
