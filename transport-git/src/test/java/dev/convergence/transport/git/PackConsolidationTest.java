package dev.convergence.transport.git;

import static dev.convergence.transport.git.PackFiles.bytes;
import static dev.convergence.transport.git.PackFiles.insertPack;
import static dev.convergence.transport.git.PackFiles.packs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rolling a repository's small packs into one: which packs, and that nothing is lost or touched that must not be. */
class PackConsolidationTest {

    @TempDir
    Path tempDir;

    private Path repoDir;
    /** Small packs written so far: each holds objects no other has (an inserter skips objects already stored). */
    private int written;

    @BeforeEach
    void createRepository() throws Exception {
        repoDir = BareRepositories.createEmpty(tempDir.resolve("repo.git"));
    }

    @Test
    void theSmallPacksBelowAGeometricProgressionAreRolledUp() {
        assertEquals(3, PackConsolidation.smallOnes(new long[] {1, 1, 1, 100}));
        assertEquals(2, PackConsolidation.smallOnes(new long[] {5, 5}));
        assertEquals(5, PackConsolidation.smallOnes(new long[] {1, 2, 3, 5, 20, 100}), "20 < 2 x 11: it joins the small ones");
    }

    @Test
    void packsThatAlreadyFormAProgressionAreLeftAsTheyAre() {
        assertEquals(0, PackConsolidation.smallOnes(new long[] {1, 3, 10, 100}));
        assertEquals(0, PackConsolidation.smallOnes(new long[] {7}));
        assertEquals(0, PackConsolidation.smallOnes(new long[0]));
    }

    @Test
    void nothingIsRolledUpUpToTheThreshold() throws Exception {
        try (FileRepository repo = new FileRepository(repoDir.toFile())) {
            for (int i = 0; i < PackConsolidation.MAX_PACKS; i++) {
                insertPack(repo, bytes("object " + i + "\n"));
            }
            assertEquals(Optional.empty(), PackConsolidation.run(repo));
        }
        assertEquals(PackConsolidation.MAX_PACKS, packs(repoDir).size());
    }

    @Test
    void theBigPackIsNotRewrittenWhenTheSmallOnesAreRolledUp() throws Exception {
        List<ObjectId> all = new ArrayList<>();
        Path big;
        Object inode;
        try (FileRepository repo = new FileRepository(repoDir.toFile())) {
            byte[] noise = new byte[256 * 1024];
            new Random(1).nextBytes(noise);
            all.addAll(insertPack(repo, noise));
            big = packs(repoDir).get(0);
            inode = Files.readAttributes(big, BasicFileAttributes.class).fileKey();
            all.addAll(smallPacks(repo, 20));

            Optional<Path> rolled = PackConsolidation.run(repo);

            assertTrue(rolled.isPresent());
        }
        assertEquals(2, packs(repoDir).size(), "the big pack and the one the small ones went into");
        assertTrue(Files.exists(big));
        assertEquals(inode, Files.readAttributes(big, BasicFileAttributes.class).fileKey());
        assertAllReadable(all);
    }

    @Test
    void aPackWithAKeepFileIsNeverRolledUp() throws Exception {
        List<ObjectId> all;
        Path kept;
        try (FileRepository repo = new FileRepository(repoDir.toFile())) {
            all = smallPacks(repo, PackConsolidation.MAX_PACKS + 2);
            kept = packs(repoDir).get(3);
            Files.writeString(sibling(kept, "keep"), "held by a test\n");

            assertTrue(PackConsolidation.run(repo).isPresent());
        }
        assertTrue(Files.exists(kept));
        assertTrue(Files.exists(sibling(kept, "idx")));
        assertEquals(2, packs(repoDir).size(), "the kept pack and the one the others went into");
        assertAllReadable(all);
    }

    @Test
    void packsOfDeltasAreRolledUpWithTheirDeltasAndEveryObjectStaysReadable() throws Exception {
        try (FileRepository repo = new FileRepository(repoDir.toFile())) {
            ObjectId tip = null;
            for (int i = 0; i < PackConsolidation.MAX_PACKS + 2; i++) {
                tip = PackFiles.deltaPack(repo, tip, 4, i % 2 == 0);
            }

            Path rolled = PackConsolidation.run(repo).orElseThrow();

            assertEquals(List.of(rolled), packs(repoDir));
            int deltas = 0;
            try (ObjectReader reader = repo.newObjectReader()) {
                for (PackEntries.Entry e : PackEntries.read(rolled, PackIndex.open(sibling(rolled, "idx").toFile()), reader)) {
                    deltas += PackFiles.storedType(rolled, e.offset()) == Constants.OBJ_OFS_DELTA ? 1 : 0;
                }
            }
            assertTrue(deltas > PackConsolidation.MAX_PACKS, "the deltas were not copied as they were: " + deltas);
        }
        PackFiles.assertEverythingReadable(repoDir);
    }

    @Test
    void aPackAlreadyInPlaceUnderTheSameNameIsKeptAndTheSmallOnesStillGo() throws Exception {
        RolledUp first = rolledUpWithTheSmallPacksBack();
        Object inode = Files.readAttributes(first.pack(), BasicFileAttributes.class).fileKey();

        try (FileRepository repo = new FileRepository(repoDir.toFile())) {
            assertEquals(Optional.of(first.pack()), PackConsolidation.run(repo));
        }
        assertEquals(List.of(first.pack()), packs(repoDir));
        assertEquals(inode, Files.readAttributes(first.pack(), BasicFileAttributes.class).fileKey());
        assertAllReadable(first.ids());
    }

    @Test
    void aPackOfTheSameNameWithoutItsIndexMakesTheRollUpLeaveEverythingAsItWas() throws Exception {
        RolledUp placing = rolledUpWithTheSmallPacksBack();
        // Another process has given its pack the name, and not yet its index.
        Files.delete(sibling(placing.pack(), "idx"));
        List<Path> before = packs(repoDir);

        try (FileRepository repo = new FileRepository(repoDir.toFile())) {
            assertEquals(Optional.empty(), PackConsolidation.run(repo));
        }
        assertEquals(before, packs(repoDir));
        assertFalse(Files.exists(sibling(placing.pack(), "idx")), "the other process's index is its own to place");
        assertAllReadable(placing.ids());
    }

    @Test
    void twoConsolidationsRacingLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<ObjectId> all = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                try (FileRepository repo = new FileRepository(repoDir.toFile())) {
                    all.addAll(smallPacks(repo, PackConsolidation.MAX_PACKS + 2 + round));
                }
                CyclicBarrier start = new CyclicBarrier(2);
                List<Future<?>> racing = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    racing.add(pool.submit(() -> {
                        try (FileRepository own = new FileRepository(repoDir.toFile())) {
                            own.getObjectDatabase().getPacks();
                            start.await();
                            // The one that finds its packs gone first gives up; that is not an error.
                            PackConsolidation.whenDue(own);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : racing) {
                    f.get();
                }
                // The new small packs are in one now, beside an earlier roll-up at least twice their size.
                assertTrue(packs(repoDir).size() <= 2, "round " + round + ": " + packs(repoDir).size() + " packs");
                assertAllReadable(all);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private record RolledUp(Path pack, List<ObjectId> ids) {
    }

    /**
     * Small packs rolled into one, and then the same small packs back beside it, as a second
     * process that listed them before they went still sees them.
     */
    private RolledUp rolledUpWithTheSmallPacksBack() throws Exception {
        Path packDir = repoDir.resolve("objects/pack");
        Path aside = Files.createDirectories(tempDir.resolve("aside"));
        try (FileRepository repo = new FileRepository(repoDir.toFile())) {
            List<ObjectId> ids = smallPacks(repo, PackConsolidation.MAX_PACKS + 3);
            linkAll(listFiles(packDir), aside);
            Path pack = PackConsolidation.run(repo).orElseThrow();
            linkAll(listFiles(aside), packDir);
            return new RolledUp(pack, ids);
        }
    }

    /** {@code n} new packs of two small objects each; returns every id. */
    private List<ObjectId> smallPacks(FileRepository repo, int n) throws Exception {
        List<ObjectId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int serial = written++;
            ids.addAll(insertPack(repo, bytes("small " + serial + " a\n"), bytes("small " + serial + " b, a little longer\n")));
        }
        return ids;
    }

    private void assertAllReadable(List<ObjectId> ids) throws Exception {
        try (FileRepository repo = new FileRepository(repoDir.toFile()); ObjectReader reader = repo.newObjectReader()) {
            for (ObjectId id : ids) {
                PackFiles.readWhole(reader, id);
            }
        }
    }

    private static List<Path> listFiles(Path dir) throws Exception {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static void linkAll(List<Path> files, Path dir) throws Exception {
        for (Path f : files) {
            Files.createLink(dir.resolve(f.getFileName()), f);
        }
    }

    private static Path sibling(Path pack, String ext) {
        String name = pack.getFileName().toString();
        return pack.resolveSibling(name.substring(0, name.lastIndexOf('.') + 1) + ext);
    }
}
