package dev.convergence.transport.dir;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;

/**
 * Where one project's files live in the cluster:
 * <pre>
 * &lt;cluster&gt;/&lt;id&gt;/manifests/&lt;n&gt;.json   one per published generation (the commit record)
 * &lt;cluster&gt;/&lt;id&gt;/objects/ab/abcd…     content-addressed blobs, named by SHA-256
 * &lt;cluster&gt;/&lt;id&gt;/tmp/                  files being written, renamed into place when whole
 * &lt;cluster&gt;/&lt;id&gt;/LOCK                  exists while a writer commits
 * </pre>
 */
final class ProjectFolder {

    private static final Pattern MANIFEST_NAME = Pattern.compile("([1-9][0-9]{0,17})\\.json");

    private final FileObject root;

    ProjectFolder(FileObject root) {
        this.root = root;
    }

    FileObject root() {
        return root;
    }

    FileObject manifests() throws FileSystemException {
        return root.resolveFile("manifests");
    }

    FileObject manifest(long generation) throws FileSystemException {
        return manifests().resolveFile(generation + ".json");
    }

    FileObject objects() throws FileSystemException {
        return root.resolveFile("objects");
    }

    FileObject object(String sha256) throws FileSystemException {
        return objects().resolveFile(sha256.substring(0, 2)).resolveFile(sha256);
    }

    FileObject tmp() throws FileSystemException {
        return root.resolveFile("tmp");
    }

    /** A fresh, unique name under {@code tmp/}. */
    FileObject newTemp(String purpose) throws FileSystemException {
        return tmp().resolveFile(purpose + "-" + UUID.randomUUID());
    }

    FileObject lock() throws FileSystemException {
        return root.resolveFile("LOCK");
    }

    /** Creates the folders a writer needs; harmless when they exist. */
    void create(AtomicFileOps ops) throws IOException {
        ops.createFolders(manifests());
        ops.createFolders(objects());
        ops.createFolders(tmp());
    }

    /** The generation a file under {@code manifests/} holds by its name, if it is named like one. */
    static OptionalLong generationOf(FileObject manifestFile) {
        var m = MANIFEST_NAME.matcher(manifestFile.getName().getBaseName());
        return m.matches() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }
}
