package dev.convergence.core.crypto;

import dev.convergence.api.transport.Content;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Content that is ciphertext: never worth compressing (a git store keeps it at zlib level 0). */
final class Ciphertext implements Content {

    /** Opens the bytes; may be called more than once. */
    private interface Source {
        InputStream open() throws IOException;
    }

    private final long size;
    private final Source source;

    private Ciphertext(long size, Source source) {
        this.size = size;
        this.source = source;
    }

    /** Bytes sealed already (the index). */
    static Content of(byte[] sealed) {
        return new Ciphertext(sealed.length, () -> new ByteArrayInputStream(sealed));
    }

    /**
     * Bytes {@code [start, start + length)} of {@code plain}, sealed as the store reads them: no
     * copy is staged on disk, and a store that opens the content twice (to hash it, then to copy
     * it) encrypts twice, to the same bytes.
     */
    static Content segment(byte[] dataKey, String keyId, String context, Content plain, long start, long length) {
        return new Ciphertext(SealedSegment.sealedSize(keyId, length), () -> {
            InputStream in = plain.open();
            try {
                in.skipNBytes(start);
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
            return SealedSegment.sealing(dataKey, keyId, context, in, length);
        });
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        return source.open();
    }

    @Override
    public boolean compressible() {
        return false;
    }
}
