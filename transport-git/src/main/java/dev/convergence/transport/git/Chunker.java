package dev.convergence.transport.git;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * Cuts a transcript into chunk blobs. The rule: while more than {@code chunkSize} bytes remain, a
 * chunk ends after the last newline within its first {@code chunkSize} bytes (or at
 * {@code chunkSize} when a single line is longer); the rest is the last chunk. Each boundary
 * depends only on the bytes after the chunk's start, so chunking a file from scratch and
 * re-chunking only its last chunk followed by appended bytes give the same chunks: the layout,
 * and with it the tree id, is a function of the content. Holds at most {@code chunkSize + 1}
 * bytes in memory.
 */
final class Chunker {

    private final ObjectInserter inserter;
    private final int chunkSize;

    Chunker(ObjectInserter inserter, int chunkSize) {
        this.inserter = inserter;
        this.chunkSize = chunkSize;
    }

    /** What was written: the new chunks' blobs in order, and how many bytes they hold. */
    record Written(List<ObjectId> blobs, long bytes) {
    }

    /** Inserts the chunks of everything {@code in} streams, the first of them to be numbered {@code first}. */
    Written write(InputStream in, int first) throws IOException {
        byte[] buf = new byte[chunkSize + 1];
        int len = 0;
        List<ObjectId> blobs = new ArrayList<>();
        long bytes = 0;
        while (true) {
            len = fill(in, buf, len);
            if (len == 0) {
                return new Written(blobs, bytes);
            }
            int end = len <= chunkSize ? len : boundary(buf);
            if (first + blobs.size() >= ChunkedFile.MAX_CHUNKS) {
                throw new IOException("more than " + ChunkedFile.MAX_CHUNKS + " chunks of " + chunkSize
                        + " bytes; raise git.chunk-size");
            }
            blobs.add(inserter.insert(Constants.OBJ_BLOB, buf, 0, end));
            bytes += end;
            System.arraycopy(buf, end, buf, 0, len - end);
            len -= end;
        }
    }

    /** Just past the last newline in the first {@code chunkSize} bytes, or {@code chunkSize} when there is none. */
    private int boundary(byte[] buf) {
        for (int i = chunkSize - 1; i >= 0; i--) {
            if (buf[i] == '\n') {
                return i + 1;
            }
        }
        return chunkSize;
    }

    /** Reads until the buffer is full or the stream ends; returns how many bytes it holds. */
    private static int fill(InputStream in, byte[] buf, int len) throws IOException {
        while (len < buf.length) {
            int n = in.read(buf, len, buf.length - len);
            if (n < 0) {
                break;
            }
            len += n;
        }
        return len;
    }
}
