package dev.convergence.transport.git;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * A large transcript stored as a tree of chunk blobs (an extension of the cluster format):
 * {@code context/<uuid>.jsonl} is kept as {@code context/<uuid>.jsonl.chunks/000000},
 * {@code …/000001}, …, whose concatenation is the file. Chunks are cut by {@link Chunker}, so
 * the layout is a function of the content and an append rewrites only the last chunk. The
 * snapshot shows the file under its own path, with the tree's id as its content id.
 */
final class ChunkedFile {

    /** What follows the transcript's path in the name of its chunk tree. */
    static final String SUFFIX = ".chunks";
    /** Chunk names are six digits, so that git's name order is their order. */
    static final int MAX_CHUNKS = 1_000_000;
    private static final Pattern NAME = Pattern.compile("[0-9]{6}");

    /** One chunk: its position in the file, its blob and its size. */
    record Chunk(int index, ObjectId blob, long size) {
    }

    private ChunkedFile() {
    }

    /** Only transcripts under {@code context/} may be chunked. */
    static boolean eligible(String path) {
        return path.startsWith("context/") && path.endsWith(".jsonl");
    }

    /** Whether {@code path} names the chunk tree of an eligible transcript. */
    static boolean isTreePath(String path) {
        return path.endsWith(SUFFIX) && eligible(logicalPath(path));
    }

    static String treePath(String logicalPath) {
        return logicalPath + SUFFIX;
    }

    static String logicalPath(String treePath) {
        return treePath.substring(0, treePath.length() - SUFFIX.length());
    }

    static String chunkPath(String logicalPath, int index) {
        return treePath(logicalPath) + "/" + name(index);
    }

    static String name(int index) {
        if (index < 0 || index >= MAX_CHUNKS) {
            throw new IllegalArgumentException("chunk index out of range: " + index);
        }
        return String.format("%06d", index);
    }

    /**
     * The chunks of {@code tree} in order, or empty when it is not a well-formed chunk tree (only
     * regular files named {@code 000000} up to one less than their count): such a tree is then
     * listed as the ordinary files it holds.
     */
    static Optional<List<Chunk>> read(ObjectReader reader, ObjectId tree) throws IOException {
        List<Chunk> chunks = new ArrayList<>();
        CanonicalTreeParser p = new CanonicalTreeParser(null, reader, tree);
        for (; !p.eof(); p.next()) {
            String name = p.getEntryPathString();
            if (!FileMode.REGULAR_FILE.equals(p.getEntryFileMode()) || !NAME.matcher(name).matches()
                    || Integer.parseInt(name) != chunks.size()) {
                return Optional.empty();
            }
            ObjectId blob = p.getEntryObjectId();
            chunks.add(new Chunk(chunks.size(), blob, reader.getObjectSize(blob, Constants.OBJ_BLOB)));
        }
        return chunks.isEmpty() ? Optional.empty() : Optional.of(chunks);
    }

    /** Bytes of one chunk tree entry: {@code "100644 "}, a six-digit name, a NUL and a 20-byte id. */
    private static final int ENTRY_BYTES = 7 + 6 + 1 + Constants.OBJECT_ID_LENGTH;

    /**
     * Whether {@code id} is a tree that may be a chunk tree. Asked without inflating a blob that
     * cannot be one: opening a small object inflates all of it, so the size, read from the object's
     * header, must first be a whole number of chunk tree entries.
     */
    static boolean mayBeChunkTree(ObjectReader reader, ObjectId id) throws IOException {
        if (!reader.has(id)) {
            return false;
        }
        long size = reader.getObjectSize(id, ObjectReader.OBJ_ANY);
        return size > 0 && size % ENTRY_BYTES == 0 && size / ENTRY_BYTES <= MAX_CHUNKS
                && reader.open(id).getType() == Constants.OBJ_TREE;
    }

    static long size(List<Chunk> chunks) {
        return chunks.stream().mapToLong(Chunk::size).sum();
    }

    /**
     * Reads {@code length} bytes from each stream and tells whether {@code in} starts with those
     * of {@code prefix}; {@code in} is then positioned just past them.
     */
    static boolean startsWith(InputStream in, InputStream prefix, long length) throws IOException {
        byte[] a = new byte[1 << 16];
        byte[] b = new byte[a.length];
        for (long left = length; left > 0; ) {
            int n = (int) Math.min(a.length, left);
            if (in.readNBytes(a, 0, n) != n || prefix.readNBytes(b, 0, n) != n
                    || !java.util.Arrays.equals(a, 0, n, b, 0, n)) {
                return false;
            }
            left -= n;
        }
        return true;
    }

    /** The file: every chunk streamed in order, each opened only when the one before it is done. */
    static InputStream open(Repository repo, List<Chunk> chunks) {
        Iterator<Chunk> it = chunks.iterator();
        return new InputStream() {
            private InputStream current;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                // A chunk at its end answers -1 even to a read of nothing, which is not the file's end.
                if (len == 0) {
                    return 0;
                }
                while (true) {
                    if (current == null) {
                        if (!it.hasNext()) {
                            return -1;
                        }
                        current = repo.open(it.next().blob(), Constants.OBJ_BLOB).openStream();
                    }
                    int n = current.read(b, off, len);
                    if (n >= 0) {
                        return n;
                    }
                    current.close();
                    current = null;
                }
            }

            @Override
            public void close() throws IOException {
                if (current != null) {
                    current.close();
                    current = null;
                }
            }
        };
    }
}
