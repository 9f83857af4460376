package dev.convergence.core.crypto;

import dev.convergence.api.GuardRefusedException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One encrypted segment of a file: a streaming AEAD in the style of STREAM (Hoang, Reyhanitabar,
 * Rogaway, Vizár), built on AES-256-GCM. Layout:
 * {@code "CVG1" | version | len(keyId) | keyId | salt(32) | chunk*}, each chunk {@code ≤ 4 KiB}
 * (version 2; 1 MiB in version 1, still read) of ciphertext plus a 16-byte tag, nonce =
 * {@code counter(11 bytes) || final flag}, the header as
 * associated data. The chunk key is {@code HKDF(dataKey, salt, context)} where the context names
 * project, path, position in the chain and the plaintext's hash, so an object moved to another
 * path or position, replaced by an older one, reordered or truncated (the final flag) fails.
 *
 * <p>Encryption is deterministic: {@code salt = HMAC(saltKey, context)}, and the context holds
 * the plaintext hash, so the same bytes at the same place under the same key give the same
 * object (content-addressed stores dedupe it) and a (key, nonce) pair never meets two messages.
 *
 * <p>Why 4 KiB chunks: the JDK's AES-GCM runs its GHASH and AES-CTR intrinsics only once C2 has
 * compiled the methods that take a whole buffer, which happens after some hundreds of calls.
 * With 1 MiB per call a 50 MB project made 50 calls, so every byte went through the plain-Java
 * GHASH (about 50 MB/s); with 4 KiB the intrinsics take over after the first few megabytes
 * (docs/benchmarks.md, "Encryption"). The tags cost 0.4% of the stored size.
 */
final class SealedSegment {

    static final int CHUNK = 1 << 12;
    private static final int VERSION = 2;
    private static final int VERSION_1_CHUNK = 1 << 20;
    private static final byte[] MAGIC = "CVG1".getBytes(StandardCharsets.US_ASCII);

    private SealedSegment() {
    }

    /** What binds a segment to its place: project, path, index in the chain, plaintext id. */
    static String context(String project, String path, int index, String segmentId) {
        return project + "\n" + path + "\n" + index + "\n" + segmentId;
    }

    /** How many bytes the sealed form of {@code length} plaintext bytes takes. */
    static long sealedSize(String keyId, long length) {
        long chunks = length == 0 ? 1 : (length + CHUNK - 1) / CHUNK;
        return MAGIC.length + 2 + keyId.length() + 32 + length + chunks * Aead.TAG;
    }

    /**
     * The sealed form of the next {@code length} bytes of {@code plain} (closed with the stream),
     * encrypted as it is read, so nothing is staged on disk. Fails with an {@link IOException} when
     * {@code plain} ends early.
     */
    static InputStream sealing(byte[] dataKey, String keyId, String context, InputStream plain, long length) {
        return new Sealing(dataKey, keyId, context, plain, length);
    }

    private static final class Sealing extends ChunkStream {
        private final InputStream in;
        private final Cipher cipher = cipher();
        private final SecretKeySpec key;
        private final byte[] header;
        private final byte[] plain = new byte[CHUNK];
        private long remaining;
        private long counter;

        Sealing(byte[] dataKey, String keyId, String context, InputStream in, long length) {
            super(new byte[CHUNK + Aead.TAG]);
            this.in = in;
            this.remaining = length;
            byte[] salt = Hkdf.hmac(Hkdf.derive(dataKey, null, "convergence salt v1", 32), context.getBytes(StandardCharsets.UTF_8));
            this.header = header(VERSION, keyId, salt);
            this.key = new SecretKeySpec(chunkKey(dataKey, salt, context), "AES");
            System.arraycopy(header, 0, buf, 0, header.length);
            lim = header.length;
        }

        @Override
        protected void fill() throws IOException {
            int want = (int) Math.min(CHUNK, remaining);
            if (in.readNBytes(plain, 0, want) < want) {
                throw new IOException("the content ended " + remaining + " bytes early while it was being encrypted");
            }
            remaining -= want;
            boolean last = remaining == 0;
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce(counter++, last)));
                cipher.updateAAD(header);
                lim = cipher.doFinal(plain, 0, want, buf, 0);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            }
            pos = 0;
            done = last;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * A stream of the plaintext; fails (with {@link GuardRefusedException}) on the first chunk that
     * does not authenticate, and at the end when the plaintext is not as long as the index says.
     * The plaintext is not hashed again: the segment id is part of the context every chunk key is
     * derived from, so only a segment sealed for that id authenticates.
     */
    static InputStream open(InputStream sealed, Function<String, byte[]> keys, String context, long length, String what)
            throws IOException {
        return new Opening(sealed, keys, context, length, what);
    }

    private static final class Opening extends ChunkStream {
        private final InputStream in;
        private final Cipher cipher = cipher();
        private final SecretKeySpec key;
        private final byte[] header;
        private final long length;
        private final String what;
        private final byte[] chunk;
        private long counter;
        private long total;

        Opening(InputStream in, Function<String, byte[]> keys, String context, long length, String what) throws IOException {
            super(null);
            this.in = new java.io.BufferedInputStream(in, 1 << 16);
            this.length = length;
            this.what = what;
            byte[] fixed = this.in.readNBytes(MAGIC.length + 2);
            if (fixed.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(fixed, MAGIC.length), MAGIC)
                    || fixed[4] != 1 && fixed[4] != VERSION) {
                throw refused("is not an encrypted segment (bad header)");
            }
            int size = fixed[4] == 1 ? VERSION_1_CHUNK : CHUNK;
            this.chunk = new byte[size + Aead.TAG];
            this.buf = new byte[size];
            byte[] keyId = this.in.readNBytes(fixed[5] & 0xff);
            byte[] salt = this.in.readNBytes(32);
            if (salt.length < 32) {
                throw refused("is truncated");
            }
            this.header = header(fixed[4], new String(keyId, StandardCharsets.US_ASCII), salt);
            this.key = new SecretKeySpec(chunkKey(keys.apply(new String(keyId, StandardCharsets.US_ASCII)), salt, context), "AES");
        }

        @Override
        protected void fill() throws IOException {
            int n = in.readNBytes(chunk, 0, chunk.length);
            boolean last = n < chunk.length || atEnd();
            if (n < Aead.TAG) {
                throw refused("is truncated");
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce(counter, last)));
                cipher.updateAAD(header);
                lim = cipher.doFinal(chunk, 0, n, buf, 0);
            } catch (AEADBadTagException e) {
                throw refused("fails authentication (altered, truncated, or moved from another file)");
            } catch (ShortBufferException e) {
                throw new IllegalStateException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES-GCM failed", e);
            }
            pos = 0;
            counter++;
            total += lim;
            if (last) {
                done = true;
                if (total != length) {
                    throw refused("decrypts to content other than what the index names");
                }
            }
        }

        private boolean atEnd() throws IOException {
            in.mark(1);
            int b = in.read();
            in.reset();
            return b < 0;
        }

        private GuardRefusedException refused(String why) {
            return new GuardRefusedException("refused the cluster's copy of " + what + ": it " + why + "; nothing was written from it",
                    "the cluster may have been tampered with; restore the project from a good copy, or run sync on a machine whose copy is intact");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static byte[] header(int version, String keyId, byte[] salt) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
        h.writeBytes(MAGIC);
        h.write(version);
        h.write(id.length);
        h.writeBytes(id);
        h.writeBytes(salt);
        return h.toByteArray();
    }

    private static byte[] chunkKey(byte[] dataKey, byte[] salt, String context) {
        return Hkdf.derive(dataKey, salt, "convergence segment v1\n" + context, 32);
    }

    private static byte[] nonce(long counter, boolean last) {
        byte[] n = new byte[12];
        for (int i = 0; i < 8; i++) {
            n[10 - i] = (byte) (counter >>> (8 * i));
        }
        n[11] = (byte) (last ? 1 : 0);
        return n;
    }

    private static Cipher cipher() {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
