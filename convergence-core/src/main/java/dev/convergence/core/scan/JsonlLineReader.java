package dev.convergence.core.scan;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads a file line by line into one reused byte buffer; memory grows only with the longest line. */
final class JsonlLineReader {

    private final InputStream in;
    private byte[] chunk = new byte[1 << 16];
    private int chunkPos;
    private int chunkEnd;
    private byte[] line = new byte[1 << 12];
    private int lineLength;
    private boolean eof;

    JsonlLineReader(InputStream in) {
        this.in = in;
    }

    /** Advances to the next line; {@code false} at end of input. */
    boolean next() throws IOException {
        lineLength = 0;
        boolean any = false;
        while (true) {
            if (chunkPos == chunkEnd) {
                if (eof) {
                    return any;
                }
                chunkEnd = in.read(chunk, 0, chunk.length);
                chunkPos = 0;
                if (chunkEnd <= 0) {
                    chunkEnd = 0;
                    eof = true;
                    return any;
                }
            }
            any = true;
            int nl = chunkPos;
            while (nl < chunkEnd && chunk[nl] != '\n') {
                nl++;
            }
            append(chunkPos, nl);
            if (nl < chunkEnd) {
                chunkPos = nl + 1;
                return true;
            }
            chunkPos = chunkEnd;
        }
    }

    private void append(int from, int to) {
        int n = to - from;
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
        }
        System.arraycopy(chunk, from, line, lineLength, n);
        lineLength += n;
    }

    /** The current line's bytes are {@code buffer()[0, length())}, without the line break. */
    byte[] buffer() {
        return line;
    }

    int length() {
        return lineLength;
    }
}
