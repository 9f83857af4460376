package dev.convergence.transport.git;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.pack.PackWriter;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
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
}
