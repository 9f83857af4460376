package dev.convergence.transport.dir;

import dev.convergence.api.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileType;

/**
 * The generations of one project. The current generation is the highest-numbered manifest that
 * parses: manifests are renamed into place whole, so one that does not parse was left by a
 * crashed writer on a file system without atomic rename, and is ignored (and later cleaned).
 */
final class ManifestStore {

    /** Largest manifest we read; a larger file is not one of ours. */
    private static final int MAX_MANIFEST_BYTES = 256 * 1024 * 1024;

    private final ManifestCodec codec = new ManifestCodec();
    private final AtomicFileOps ops;

    ManifestStore(AtomicFileOps ops) {
        this.ops = ops;
    }

    /** Generation numbers present, newest first (whether or not they parse). */
    List<Long> generations(ProjectFolder folder) throws IOException {
        FileObject dir = folder.manifests();
        List<Long> result = new ArrayList<>();
        if (dir.getType() != FileType.FOLDER) {
            return result;
        }
        for (FileObject child : dir.getChildren()) {
            OptionalLong n = ProjectFolder.generationOf(child);
            if (n.isPresent()) {
                result.add(n.getAsLong());
            }
        }
        result.sort(Comparator.reverseOrder());
        return result;
    }

    /** The current generation, or empty when the project has none. */
    Optional<Manifest> latest(ProjectFolder folder) throws IOException {
        for (long generation : generations(folder)) {
            Optional<Manifest> manifest = read(folder, generation);
            if (manifest.isPresent()) {
                return manifest;
            }
        }
        return Optional.empty();
    }

    /** Generation {@code n}, or empty when it is missing or incomplete. */
    Optional<Manifest> read(ProjectFolder folder, long generation) throws IOException {
        FileObject file = folder.manifest(generation);
        if (!file.exists()) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = file.getContent().getInputStream()) {
            bytes = in.readNBytes(MAX_MANIFEST_BYTES);
        } catch (IOException e) {
            if (!file.exists()) {
                return Optional.empty(); // pruned while we read it
            }
            throw e;
        }
        try {
            Manifest manifest = codec.read(bytes);
            if (manifest.generation() != generation) {
                throw new TransportException("manifest " + file.getName().getFriendlyURI() + " claims generation "
                        + manifest.generation(), "the cluster folder was edited by hand; restore it from a backup");
            }
            return Optional.of(manifest);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes {@code manifest} under {@code tmp/}, then renames it to {@code manifests/<n>.json},
     * the moment it becomes the current generation. The caller holds the lock.
     */
    void commit(ProjectFolder folder, Manifest manifest, ProjectLock lock) throws IOException {
        FileObject temp = folder.newTemp("manifest");
        try (var out = temp.getContent().getOutputStream()) {
            out.write(codec.write(manifest));
        }
        lock.verifyHeld();
        FileObject target = folder.manifest(manifest.generation());
        if (!ops.moveIfAbsent(temp, target)) {
            temp.delete();
            throw new TransportException("generation " + manifest.generation() + " of "
                    + folder.root().getName().getFriendlyURI() + " appeared while this writer held the lock",
                    "another client ignores the lock; check that every machine runs a current Convergence");
        }
    }
}
