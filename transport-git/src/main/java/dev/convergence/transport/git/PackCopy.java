package dev.convergence.transport.git;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * as they are, nothing is inflated, hashed again or piped through the wire protocol.
 */
final class PackCopy {

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
            Path packDir = Files.createDirectories(to.getObjectsDirectory().toPath().resolve("pack"));
            Path tmpPack = Files.createTempFile(packDir, "incoming_", ".pack");
            Path tmpIdx = Files.createTempFile(packDir, "incoming_", ".idx");
            try {
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmpPack), 1 << 16)) {
                    writer.writePack(NullProgressMonitor.INSTANCE, NullProgressMonitor.INSTANCE, out);
                }
                try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmpIdx), 1 << 16)) {
                    writer.writeIndex(out);
                }
                String name = "pack-" + writer.computeName().name();
                Path pack = packDir.resolve(name + ".pack");
                // The pack before its index: readers discover packs by their index.
                Files.move(tmpPack, pack, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmpIdx, packDir.resolve(name + ".idx"), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                to.getObjectDatabase().openPack(pack.toFile());
            } finally {
                Files.deleteIfExists(tmpPack);
                Files.deleteIfExists(tmpIdx);
            }
        }
    }

    /**
     * A fresh clone, the way {@code git clone --local} makes one: the cluster's pack files are
     * linked into {@code to} (copied byte for byte across file systems) when every object they
     * hold belongs to {@code want}'s history or to branch {@code main} (the README), so no other
     * project's history comes along and nothing is read, inflated or hashed; objects those packs
     * lack are copied one by one. False (nothing linked) when most objects would have to be
     * copied that way, and the caller copies with {@link #copy}.
     */
    static boolean linkPacks(FileRepository from, FileRepository to, ObjectId want) throws IOException {
        Set<ObjectId> history = reachable(from, want);
        Set<ObjectId> allowed = new HashSet<>(history);
        Ref main = from.exactRef("refs/heads/main");
        if (main != null && main.getObjectId() != null) {
            allowed.addAll(reachable(from, main.getObjectId()));
        }
        List<Pack> chosen = new ArrayList<>();
        Set<ObjectId> covered = new HashSet<>();
        for (Pack pack : from.getObjectDatabase().getPacks()) {
            List<ObjectId> ids = new ArrayList<>();
            boolean own = true;
            for (PackIndex.MutableEntry e : pack) {
                ObjectId id = e.toObjectId();
                if (!allowed.contains(id)) {
                    own = false;
                    break;
                }
                ids.add(id);
            }
            if (own) {
                chosen.add(pack);
                covered.addAll(ids);
            }
        }
        List<ObjectId> missing = history.stream().filter(id -> !covered.contains(id)).toList();
        if (missing.size() * 2 > history.size()) {
            return false;
        }
        Path packDir = Files.createDirectories(to.getObjectsDirectory().toPath().resolve("pack"));
        // Every pack is placed before any is opened: a failure (a full disk) leaves no pack half
        // there and none open.
        List<Path> placed = new ArrayList<>();
        try {
            for (Pack pack : chosen) {
                Path source = pack.getPackFile().toPath();
                String name = source.getFileName().toString();
                String base = name.substring(0, name.length() - ".pack".length());
                // The pack before its index: readers discover packs by their index.
                place(source, packDir.resolve(name), placed);
                place(source.resolveSibling(base + ".idx"), packDir.resolve(base + ".idx"), placed);
            }
        } catch (IOException | RuntimeException e) {
            for (int i = placed.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(placed.get(i));
            }
            throw e;
        }
        for (Pack pack : chosen) {
            to.getObjectDatabase().openPack(packDir.resolve(pack.getPackFile().getName()).toFile());
        }
        // The few the linked packs lack (loose objects git receive-pack wrote for small pushes,
        // packs shared with other objects) are copied one by one; the inserter hashes each again.
        try (ObjectReader reader = from.newObjectReader();
             org.eclipse.jgit.lib.ObjectInserter inserter = to.newObjectInserter()) {
            for (ObjectId id : missing) {
                org.eclipse.jgit.lib.ObjectLoader object = reader.open(id);
                try (java.io.InputStream in = object.openStream()) {
                    ObjectId copied = inserter.insert(object.getType(), object.getSize(), in);
                    if (!copied.equals(id)) {
                        throw new IOException("object " + id.name() + " in " + from.getDirectory() + " is corrupt");
                    }
                }
            }
            inserter.flush();
        }
        return true;
    }

    /** Every object {@code tip} reaches: commits, trees, blobs. */
    private static Set<ObjectId> reachable(FileRepository repo, ObjectId tip) throws IOException {
        Set<ObjectId> ids = new HashSet<>();
        try (ObjectWalk walk = new ObjectWalk(repo)) {
            walk.markStart(walk.parseAny(tip));
            for (RevObject o = walk.next(); o != null; o = walk.next()) {
                ids.add(o.copy());
            }
            for (RevObject o = walk.nextObject(); o != null; o = walk.nextObject()) {
                ids.add(o.copy());
            }
        }
        return ids;
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
            Path tmp = Files.createTempFile(target.getParent(), "incoming_", ".tmp");
            try {
                Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
