package dev.convergence.transport.git;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.Pack;
import org.eclipse.jgit.internal.storage.file.PackIndex;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.ObjectWalk;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.storage.pack.PackConfig;

/**
 * Copies the objects reachable from one commit and not from another between two repositories
 * on this machine, as one pack written straight into the target: compressed objects are copied
 * as they are, nothing is inflated, hashed again or piped through the wire protocol. Every pack
 * this transport makes goes into a pack directory the same way ({@link #write}).
 */
final class PackCopy {

    /** The prefix of the temp files packs are written under. */
    private static final String INCOMING = "incoming_";

    private PackCopy() {
    }

    /**
     * @param want the commit whose history must be present in {@code to} afterwards
     * @param have a commit both repositories hold, or {@code null}
     */
    static void copy(FileRepository from, FileRepository to, ObjectId want, ObjectId have) throws IOException {
        PackConfig config = CasPush.packConfig(from, true);
        try (ObjectReader reader = from.newObjectReader();
             PackWriter writer = new PackWriter(config, reader)) {
            writer.setThin(false);
            writer.setUseBitmaps(false);
            writer.preparePack(NullProgressMonitor.INSTANCE, Set.of(want), have == null ? Set.of() : Set.of(have));
            if (writer.getObjectCount() == 0) {
                return;
            }
            write(writer, to, true);
        }
    }

    /**
     * Writes the pack {@code writer} has prepared into {@code to}: under temp names, both files
     * forced to disk, then given their names, the pack before its index (readers discover packs by
     * their index), and opened in {@code to}. A pack is named after the objects it holds, so one
     * already there under the name, index included, holds the same objects: it is kept and ours
     * dropped. A pack file there without its index is being placed by another process, or was left
     * by one that was killed; {@code replaceUnindexed} says whether ours replaces it or nothing is
     * placed.
     *
     * @return the pack file now in place, or empty when nothing was placed
     */
    static Optional<Path> write(PackWriter writer, FileRepository to, boolean replaceUnindexed) throws IOException {
        Path packDir = Files.createDirectories(to.getObjectsDirectory().toPath().resolve("pack"));
        Path tmpPack = Files.createTempFile(packDir, INCOMING, ".pack");
        Path tmpIdx = Files.createTempFile(packDir, INCOMING, ".idx");
        try {
            writeDurably(tmpPack, out -> writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out));
            writeDurably(tmpIdx, writer::writeIndex);
            String name = "pack-" + writer.computeName().name();
            Path pack = packDir.resolve(name + ".pack");
            Path idx = packDir.resolve(name + ".idx");
            if (!(Files.exists(idx) && Files.exists(pack))) {
                if (!placeNew(tmpPack, pack)) {
                    if (!replaceUnindexed) {
                        return Optional.empty();
                    }
                    Files.move(tmpPack, pack, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmpIdx, idx, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                syncDirectory(packDir);
            }
            to.getObjectDatabase().openPack(pack.toFile());
            return Optional.of(pack);
        } finally {
            Files.deleteIfExists(tmpPack);
            Files.deleteIfExists(tmpIdx);
        }
    }

    /** What writes a pack or an index. */
    private interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private static void writeDurably(Path file, Body body) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            body.writeTo(out);
            out.flush();
            channel.force(true);
        }
    }

    /**
     * Gives {@code tmp}'s file the name {@code target} unless a file has that name: a hard link,
     * which fails rather than replace. False when the name is taken. Where links cannot be made,
     * the check and the rename are two steps.
     */
    private static boolean placeNew(Path tmp, Path target) throws IOException {
        try {
            Files.createLink(target, tmp);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        } catch (IOException | UnsupportedOperationException noLinks) {
            if (Files.exists(target)) {
                return false;
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /** Makes the names just given survive a crash; a platform that cannot sync a directory relies on its file system. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Windows cannot open a directory this way
        }
    }

    /**
     * Temp files a killed writer left behind in {@code packDir}; one under way writes its own
     * within seconds, so only those untouched for an hour are removed.
     */
    static void removeAbandonedTemps(Path packDir) {
        java.time.Instant before = java.time.Instant.now().minus(java.time.Duration.ofHours(1));
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(packDir, INCOMING + "*")) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException ignored) {
            // no pack dir yet, or a file another process removed first: nothing to clean
        }
    }

    /**
     * A fresh clone, the way {@code git clone --local} makes one: the cluster's pack files are
     * linked into {@code to} (copied byte for byte across file systems) when every object they
     * hold belongs to {@code want}'s history or to branch {@code main} (the README), so no other
     * project's history comes along and nothing is read, inflated or hashed; the objects those
     * packs lack are copied into one more pack. False (nothing linked) when most objects would have
     * to be copied that way, or when a listed pack vanished before it was linked, and the caller
     * copies with {@link #copy}.
     */
    static boolean linkPacks(FileRepository from, FileRepository to, ObjectId want) throws IOException {
        Set<RevObject> history = reachable(from, want);
        Set<ObjectId> allowed = new HashSet<>(history);
        Ref main = from.exactRef("refs/heads/main");
        if (main != null && main.getObjectId() != null) {
            allowed.addAll(reachable(from, main.getObjectId()));
        }
        List<Path> chosen = new ArrayList<>();
        Set<ObjectId> covered = new HashSet<>();
        for (Pack pack : from.getObjectDatabase().getPacks()) {
            PackIndex index;
            try {
                index = pack.getIndex();
            } catch (IOException gone) {
                continue;   // removed since it was listed: its objects are in another pack now
            }
            List<ObjectId> ids = new ArrayList<>();
            boolean own = true;
            for (PackIndex.MutableEntry e : index) {
                ObjectId id = e.toObjectId();
                if (!allowed.contains(id)) {
                    own = false;
                    break;
                }
                ids.add(id);
            }
            if (own) {
                chosen.add(pack.getPackFile().toPath());
                covered.addAll(ids);
            }
        }
        List<RevObject> missing = history.stream().filter(id -> !covered.contains(id)).toList();
        if (missing.size() * 2 > history.size()) {
            return false;
        }
        Path packDir = Files.createDirectories(to.getObjectsDirectory().toPath().resolve("pack"));
        if (!link(chosen, packDir)) {
            return false;
        }
        for (Path pack : chosen) {
            to.getObjectDatabase().openPack(packDir.resolve(pack.getFileName()).toFile());
        }
        // What the linked packs lack (loose objects git receive-pack wrote for small pushes, packs
        // shared with other projects, such as the cluster's consolidated ones) goes into one more
        // pack, copied as it is stored.
        if (!missing.isEmpty()) {
            try (ObjectReader reader = from.newObjectReader();
                 PackWriter writer = new PackWriter(CasPush.packConfig(from, true), reader)) {
                writer.setThin(false);
                writer.setUseBitmaps(false);
                writer.preparePack(missing.iterator());
                write(writer, to, true);
            }
        }
        return true;
    }

    /** Every object {@code tip} reaches, commits first, then trees and blobs; each knows its type. */
    private static Set<RevObject> reachable(FileRepository repo, ObjectId tip) throws IOException {
        Set<RevObject> objects = new java.util.LinkedHashSet<>();
        try (ObjectWalk walk = new ObjectWalk(repo)) {
            walk.setRetainBody(false);
            walk.markStart(walk.parseAny(tip));
            for (RevObject o = walk.next(); o != null; o = walk.next()) {
                objects.add(o);
            }
            for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
                objects.add(o);
            }
        }
        return objects;
    }

    /**
     * Places each pack and then its index in {@code packDir}, every one before any is opened. False,
     * with none of them left there, when one vanished since it was listed (a consolidation of the
     * cluster rolled it into another pack); a failure otherwise (a full disk) leaves none either.
     */
    static boolean link(List<Path> packs, Path packDir) throws IOException {
        List<Path> placed = new ArrayList<>();
        try {
            for (Path source : packs) {
                String name = source.getFileName().toString();
                String base = name.substring(0, name.length() - ".pack".length());
                // The pack before its index: readers discover packs by their index.
                place(source, packDir.resolve(name), placed);
                place(source.resolveSibling(base + ".idx"), packDir.resolve(base + ".idx"), placed);
            }
            return true;
        } catch (NoSuchFileException vanished) {
            removeAll(placed);
            return false;
        } catch (IOException | RuntimeException e) {
            removeAll(placed);
            throw e;
        }
    }

    private static void removeAll(List<Path> placed) throws IOException {
        for (int i = placed.size() - 1; i >= 0; i--) {
            Files.deleteIfExists(placed.get(i));
        }
    }

    /** A hard link to an immutable pack file, or a copy (renamed into place) where links cannot be made. */
    private static void place(Path source, Path target, List<Path> placed) throws IOException {
        if (Files.exists(target)) {
            return;
        }
        placed.add(target);
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException noLink) {
            Path tmp = Files.createTempFile(target.getParent(), INCOMING, ".tmp");
            try {
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
