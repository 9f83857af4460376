package dev.convergence.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.GuardRefusedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sealing and opening one segment: sizes at chunk boundaries, tampering, and the version 1 format. */
class SealedSegmentTest {

    private static final byte[] KEY = new byte[32];
    private static final String CONTEXT = SealedSegment.context("proj", "context/s.jsonl", 0, "0123456789abcdef0123456789abcdef");

    @ParameterizedTest
    @ValueSource(ints = {0, 1, SealedSegment.CHUNK - 1, SealedSegment.CHUNK, SealedSegment.CHUNK + 1, 3 * SealedSegment.CHUNK, 100_000})
    void aSealedSegmentHasItsAnnouncedSizeAndOpensToThePlaintext(int length) throws IOException {
        byte[] plain = random(length);
        byte[] sealed = seal(plain);
        assertEquals(SealedSegment.sealedSize("k1", length), sealed.length);
        assertArrayEquals(plain, open(sealed, length));
    }

    @Test
    void sealingIsDeterministic() throws IOException {
        byte[] plain = random(10_000);
        assertArrayEquals(seal(plain), seal(plain));
    }

    @Test
    void aFlippedByteInAnyChunkIsRefused() throws IOException {
        byte[] plain = random(3 * SealedSegment.CHUNK);
        byte[] sealed = seal(plain);
        for (int at : new int[] {60, sealed.length / 2, sealed.length - 1}) {
            byte[] bad = sealed.clone();
            bad[at] ^= 1;
            assertThrows(GuardRefusedException.class, () -> open(bad, plain.length), "flipped at " + at);
        }
    }

    @Test
    void aSegmentCutAtAChunkBoundaryIsRefused() throws IOException {
        byte[] plain = random(3 * SealedSegment.CHUNK);
        byte[] sealed = seal(plain);
        byte[] cut = Arrays.copyOf(sealed, sealed.length - (SealedSegment.CHUNK + 16));
        assertThrows(GuardRefusedException.class, () -> open(cut, plain.length));
    }

    @Test
    void aSegmentOpenedUnderAnotherContextIsRefused() throws IOException {
        byte[] sealed = seal(random(5000));
        String other = SealedSegment.context("proj", "context/s.jsonl", 0, "ffffffffffffffffffffffffffffffff");
        assertThrows(GuardRefusedException.class,
                () -> SealedSegment.open(new ByteArrayInputStream(sealed), id -> KEY, other, 5000, "s.jsonl").readAllBytes());
    }

    @Test
    void sealingRefusesContentThatEndsEarly() {
        InputStream sealing = SealedSegment.sealing(KEY, "k1", CONTEXT, new ByteArrayInputStream(random(100)), 5000);
        assertThrows(IOException.class, sealing::readAllBytes);
    }

    /** A segment written in the version 1 format (1 MiB chunks) before the change, by that code. */
    @Test
    void aVersionOneSegmentStillOpens() throws IOException {
        byte[] key = new byte[32];
        for (int i = 0; i < 32; i++) {
            key[i] = (byte) i;
        }
        byte[] sealed;
        try (InputStream in = SealedSegmentTest.class.getResourceAsStream("segment-v1.bin")) {
            sealed = in.readAllBytes();
        }
        assertEquals(1, sealed[4], "the fixture is version 1");
        String context = SealedSegment.context("proj", "context/v1.jsonl", 0, "af77469850b129546e1de8d0cc2764f4");
        byte[] plain = SealedSegment.open(new ByteArrayInputStream(sealed), id -> key, context, 10690, "v1.jsonl").readAllBytes();
        String text = new String(plain, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\"line\":0,\"text\":\"written by the version 1 format\"}\n"), text.substring(0, 60));
        assertEquals(200, text.lines().count());
    }

    private static byte[] seal(byte[] plain) throws IOException {
        return SealedSegment.sealing(KEY, "k1", CONTEXT, new ByteArrayInputStream(plain), plain.length).readAllBytes();
    }

    private static byte[] open(byte[] sealed, long length) throws IOException {
        return SealedSegment.open(new ByteArrayInputStream(sealed), id -> KEY, CONTEXT, length, "s.jsonl").readAllBytes();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
