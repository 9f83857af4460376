package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pack's objects and their types, read from the entry headers: a delta has its base's type. */
class PackEntriesTest {

    @TempDir
    Path tempDir;

    @Test
    void everyEntryHasItsObjectsTypeWhenDeltasNameTheirBaseByOffset() throws Exception {
        assertTypesMatch(true);
    }

    @Test
    void everyEntryHasItsObjectsTypeWhenDeltasNameTheirBaseById() throws Exception {
        assertTypesMatch(false);
    }

    private void assertTypesMatch(boolean deltaByOffset) throws Exception {
        Path dir = BareRepositories.createEmpty(tempDir.resolve("repo.git"));
        try (FileRepository repo = new FileRepository(dir.toFile()); ObjectReader reader = repo.newObjectReader()) {
            PackFiles.deltaPack(repo, null, 12, deltaByOffset);
            Pack pack = repo.getObjectDatabase().getPacks().iterator().next();
            Path file = pack.getPackFile().toPath();

            List<PackEntries.Entry> entries = PackEntries.read(file, pack.getIndex(), reader);

            assertEquals(pack.getIndex().getObjectCount(), entries.size());
            int deltas = 0;
            long last = -1;
            for (PackEntries.Entry e : entries) {
                assertEquals(reader.open(e.id()).getType(), e.type(), e.id().name());
                assertTrue(e.offset() > last, "in the order of the file");
                last = e.offset();
                int stored = PackFiles.storedType(file, e.offset());
                if (stored == (deltaByOffset ? Constants.OBJ_OFS_DELTA : Constants.OBJ_REF_DELTA)) {
                    deltas++;
                }
            }
            assertTrue(deltas >= 5, "only " + deltas + " deltas in the pack");
        }
    }
}
