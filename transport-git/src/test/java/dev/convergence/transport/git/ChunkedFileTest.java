package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cheap chunk-tree check: blobs whose size cannot be a chunk tree are never opened. */
class ChunkedFileTest {

    @TempDir
    Path tmp;

    @Test
    void onlyTreesOfWholeChunkEntriesAreTakenForChunkTrees() throws IOException {
        try (FileRepository repo = new FileRepository(tmp.resolve("r.git").toFile())) {
            repo.create(true);
            ObjectId chunkTree;
            ObjectId otherTree;
            ObjectId blobOfEntrySize;
            ObjectId blob;
            try (ObjectInserter ins = repo.newObjectInserter()) {
                ObjectId a = ins.insert(Constants.OBJ_BLOB, "{\"a\":1}\n".getBytes());
                ObjectId b = ins.insert(Constants.OBJ_BLOB, "{\"b\":2}\n".getBytes());
                TreeFormatter chunks = new TreeFormatter();
                chunks.append("000000", FileMode.REGULAR_FILE, a);
                chunks.append("000001", FileMode.REGULAR_FILE, b);
                chunkTree = ins.insert(chunks);
                TreeFormatter other = new TreeFormatter();
                other.append("notes.md", FileMode.REGULAR_FILE, a);
                otherTree = ins.insert(other);
                byte[] sized = new byte[2 * 34];
                Arrays.fill(sized, (byte) 'x');
                blobOfEntrySize = ins.insert(Constants.OBJ_BLOB, sized);
                blob = ins.insert(Constants.OBJ_BLOB, "{\"c\":3}\n".getBytes());
                ins.flush();
            }
            try (ObjectReader reader = repo.newObjectReader()) {
                assertTrue(ChunkedFile.mayBeChunkTree(reader, chunkTree));
                assertEquals(2, ChunkedFile.read(reader, chunkTree).orElseThrow().size());
                assertFalse(ChunkedFile.mayBeChunkTree(reader, otherTree), "its size is not a whole number of chunk entries");
                assertFalse(ChunkedFile.mayBeChunkTree(reader, blobOfEntrySize), "a blob, even of a chunk tree's size");
                assertFalse(ChunkedFile.mayBeChunkTree(reader, blob));
                assertFalse(ChunkedFile.mayBeChunkTree(reader, ObjectId.fromString("0123456789012345678901234567890123456789")));
            }
        }
    }
}
