package dev.convergence.transport.dir;

import dev.convergence.api.transport.ContentHash;
import dev.convergence.api.transport.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.util.HexFormat;
import org.apache.commons.vfs2.FileObject;

/**
 * The content-addressed blobs of one project ({@code objects/ab/<sha256>}). A blob is written
 * under {@code tmp/} and renamed into place when whole, so a blob that exists is complete; one
 * that exists already is never copied again.
 */
final class BlobStore {

    private final AtomicFileOps ops;

    BlobStore(AtomicFileOps ops) {
        this.ops = ops;
    }

    /** Stores {@code content} unless a blob with its hash exists; returns the hash. */
    String store(ProjectFolder folder, Content content) throws IOException {
        String sha = ContentHash.of(content);
        if (!exists(folder, sha)) {
            copyIn(folder, content, sha);
        }
        return sha;
    }

    /** Copies {@code content} into the blob {@code sha} (which the caller computed) if it is missing. */
    void copyIn(ProjectFolder folder, Content content, String sha) throws IOException {
        FileObject temp = folder.newTemp("blob");
        var digest = ContentHash.newDigest();
        try (InputStream in = new DigestInputStream(content.open(), digest);
             OutputStream out = temp.getContent().getOutputStream()) {
            in.transferTo(out);
        }
        if (!HexFormat.of().formatHex(digest.digest()).equals(sha)) {
            temp.delete();
            throw new IOException("content changed while it was being published (expected SHA-256 " + sha + ")");
        }
        FileObject target = folder.object(sha);
        ops.createFolders(target.getParent());
        if (!ops.moveIfAbsent(temp, target)) {
            temp.delete(); // another writer stored the same bytes first
        }
    }

    boolean exists(ProjectFolder folder, String sha) throws IOException {
        return folder.object(sha).exists();
    }

    /** Opens a blob; {@code null} when it does not exist. */
    InputStream open(ProjectFolder folder, String sha) throws IOException {
        FileObject blob = folder.object(sha);
        if (!blob.exists()) {
            return null;
        }
        return blob.getContent().getInputStream();
    }
}
