package dev.convergence.api.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * How this content was built, when it is content the transport already stores followed by
     * appended bytes (a transcript that grew). A transport that can reuse what it stores under
     * {@link Appended#baseContentId()} writes only the appended bytes and so costs what was
     * appended, not the whole file; any other transport ignores this and reads {@link #open()},
     * which streams base and appended bytes alike. Empty by default.
     */
    default Optional<Appended> appended() {
        return Optional.empty();
    }

    /**
     * Content that is an earlier content followed by new bytes.
     *
     * @param baseContentId the {@link SnapshotEntry#contentId()} of the base, as this transport reported it
     * @param baseSize      the base's size in bytes
     * @param tail          the bytes that follow the base
     */
    record Appended(String baseContentId, long baseSize, Content tail) {
        public Appended {
            Objects.requireNonNull(baseContentId, "baseContentId");
            Objects.requireNonNull(tail, "tail");
            if (baseSize < 0) {
                throw new IllegalArgumentException("baseSize < 0");
            }
        }
    }

    /**
     * {@code base} (stored by the transport as {@code baseContentId}) followed by {@code tail}:
     * {@link #open()} streams both, {@link #appended()} describes them.
     */
    static Content appending(String baseContentId, Content base, Content tail) {
        Objects.requireNonNull(base, "base");
        Appended appended = new Appended(baseContentId, base.size(), tail);
        return new Content() {
            @Override
            public long size() {
                return appended.baseSize() + tail.size();
            }

            @Override
            public InputStream open() throws IOException {
                InputStream head = base.open();
                try {
                    return new SequenceInputStream(head, tail.open());
                } catch (IOException | RuntimeException e) {
                    head.close();
                    throw e;
                }
            }

            @Override
            public Optional<Appended> appended() {
                return Optional.of(appended);
            }
        };
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
