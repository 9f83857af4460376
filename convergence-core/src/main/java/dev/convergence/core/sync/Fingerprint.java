package dev.convergence.core.sync;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/** Cheap checks that a local file is still what we last saw. */
final class Fingerprint {

    static final int TAIL_BYTES = 4096;

    private Fingerprint() {
    }

    /** CRC32C of up to 4 KiB ending at {@code end}: an in-place rewrite that kept the size changes it. */
    static long tailHash(Path file, long end) throws IOException {
        if (end <= 0) {
            return 0;
        }
        int n = (int) Math.min(TAIL_BYTES, end);
        byte[] buf = new byte[n];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() < end) {
                return -1;
            }
            raf.seek(end - n);
            raf.readFully(buf);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf);
        return crc.getValue();
    }
}
