package dev.convergence.transport.git;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Keeps a repository's packs few. Every publish and every fetch adds one, and every object lookup
 * searches each pack's index, so left alone a cluster or a clone collects thousands. Done the way
 * {@code git repack --geometric=2} does it: the packs sorted by size, the large ones that already
 * form a geometric progression (each at least twice the size of all smaller ones together) stay as
 * they are, and the small ones below them are rolled into one new pack whose objects are copied as
 * they are stored. A roll-up costs in proportion to the small packs, nothing is ever repacked
 * wholesale, and the number of packs stays logarithmic in the size of the history.
 *
 * <p>Safe beside other processes reading and writing the same repository (another Convergence,
 * git itself): only packs listed before the new one was written are removed, and only once the
 * new pack and its index are on disk and hold every one of their objects; a pack with a
 * {@code .keep} file is never touched. Loose objects are left alone.
 */
final class PackConsolidation {

    /**
     * More packs than this (kept ones aside) and the small ones are rolled up. Sixteen index
     * lookups per object cost nothing measurable, and a clone gains up to three packs a sync, so
     * a roll-up comes every few syncs rather than at each; git and JGit start their automatic gc
     * at fifty.
     */
    static final int MAX_PACKS = 16;
    /** Each pack that stays is at least this many times the size of all smaller packs together. */
    static final int FACTOR = 2;

    /** The files a pack may have besides its {@code .keep}, the pack first: an index without it is ignored by readers. */
    private static final List<String> PACK_FILES = List.of("pack", "idx", "bitmap", "rev", "mtimes", "objsize");

    private PackConsolidation() {
    }

    /** {@link #run}, a failure ignored: the caller's work is done, and the next call tries again. */
    static void whenDue(FileRepository repo) {
        try {
            run(repo);
        } catch (IOException | RuntimeException notFatal) {
            // nothing was deleted that a pack on disk does not hold
        }
    }

    /**
     * Rolls the small packs into one when there are more than {@link #MAX_PACKS}.
     *
     * @return the pack they are in now, or empty when nothing was due, or when another process is
     *         placing a pack of the same name (it is rolling up the same packs)
     */
    static Optional<Path> run(FileRepository repo) throws IOException {
        List<Sized> packs = new ArrayList<>();
        for (Pack pack : repo.getObjectDatabase().getPacks()) {
            if (!pack.shouldBeKept()) {
                packs.add(new Sized(pack, pack.getPackFile().length()));
            }
        }
        if (packs.size() <= MAX_PACKS) {
            return Optional.empty();
        }
        packs.sort(Comparator.comparingLong(Sized::size).thenComparing(s -> s.pack().getPackFile().getName()));
        int small = smallOnes(packs.stream().mapToLong(Sized::size).toArray());
        if (small < 2) {
            return Optional.empty();
        }
        PackCopy.removeAbandonedTemps(repo.getObjectsDirectory().toPath().resolve("pack"));
        return rollUp(repo, packs.subList(0, small).stream().map(Sized::pack).toList());
    }

    private record Sized(Pack pack, long size) {
    }

    /**
     * How many of the smallest packs to roll into one, given every pack's size in ascending order:
     * all those below the first pack from which on each is at least {@link #FACTOR} times the total
     * of all smaller ones. Rolled up, they leave a progression. Zero or one: nothing to roll up.
     */
    static int smallOnes(long[] ascending) {
        long below = Arrays.stream(ascending).sum();
        for (int i = ascending.length - 1; i >= 0; i--) {
            below -= ascending[i];
            if (ascending[i] < FACTOR * below) {
                return i + 1;   // this pack and every smaller one
            }
        }
        return 0;
    }

    private static Optional<Path> rollUp(FileRepository repo, List<Pack> small) throws IOException {
        Set<ObjectId> ids = new HashSet<>();
        List<RevObject> objects = new ArrayList<>();
        Optional<Path> placed;
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            for (Pack pack : small) {
                for (PackEntries.Entry e : PackEntries.read(pack.getPackFile().toPath(), pack.getIndex(), reader)) {
                    if (ids.add(e.id())) {
                        objects.add(walk.lookupAny(e.id(), e.type()));
                    }
                }
            }
            try (PackWriter writer = new PackWriter(CasPush.packConfig(repo, true), reader)) {
                writer.setThin(false);
                writer.setUseBitmaps(false);
                writer.setDeltaBaseAsOffset(true);
                writer.preparePack(objects.iterator());
                placed = PackCopy.write(writer, repo, false);
            }
        }
        if (placed.isPresent()) {
            verify(placed.get(), ids);
            delete(small, placed.get());
            repo.getObjectDatabase().getPacks();   // rescans: the deleted packs are forgotten
        }
        return placed;
    }

    /** The pack and index in place belong together and list every object of the packs about to be deleted. */
    private static void verify(Path pack, Set<ObjectId> ids) throws IOException {
        PackIndex index = PackIndex.open(sibling(pack, "idx").toFile());
        ByteBuffer trailer = ByteBuffer.allocate(Constants.OBJECT_ID_LENGTH);
        try (FileChannel channel = FileChannel.open(pack, StandardOpenOption.READ)) {
            channel.read(trailer, channel.size() - trailer.capacity());
        }
        if (!Arrays.equals(trailer.array(), index.getChecksum())) {
            throw new IOException(pack + " does not match its index");
        }
        for (ObjectId id : ids) {
            if (!index.hasObject(id)) {
                throw new IOException(pack + " lacks " + id.name());
            }
        }
    }

    /** The rolled-up packs, each closed first (a platform that locks open files would refuse). */
    private static void delete(List<Pack> small, Path placed) throws IOException {
        for (Pack pack : small) {
            Path file = pack.getPackFile().toPath();
            if (file.getFileName().equals(placed.getFileName()) || Files.exists(sibling(file, "keep"))) {
                continue;
            }
            pack.close();
            for (String ext : PACK_FILES) {
                Files.deleteIfExists(sibling(file, ext));
            }
        }
    }

    private static Path sibling(Path pack, String ext) {
        String name = pack.getFileName().toString();
        return pack.resolveSibling(name.substring(0, name.lastIndexOf('.') + 1) + ext);
    }
}
