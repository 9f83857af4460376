package dev.convergence.transport.git;

import dev.convergence.api.BadInputException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.internal.storage.file.PackInserter;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * Writes the commit a publish proposes: the base commit's tree with the changeset's puts and
 * deletes applied, as one child of the base (or an orphan when there is none).
 *
 * <p>Every new object goes straight into a single pack, deflated once at a low level; the push
 * then copies those compressed bytes as they are instead of compressing everything again.
 * Content is streamed, so a file of any size passes without being held in memory. Content that
 * says it is not {@linkplain Content#compressible() compressible} (ciphertext) goes into a second
 * pack, stored at level 0: deflating it would cost time and save nothing.
 */
final class CommitComposer {

    /** zlib level for new objects: transcripts are text, and level 1 costs a fraction of the default. */
    static final int COMPRESSION = 1;
    /** zlib level for incompressible content: stored blocks, a copy plus a checksum. */
    static final int STORED = 0;

    private final FileRepository repository;
    private final PersonIdent identity;

    CommitComposer(FileRepository repository, PersonIdent identity) {
        this.repository = repository;
        this.identity = identity;
    }

    /**
     * @param base the commit the changes apply to, or {@code null} for a new project
     * @param root whether the new commit has no parent (it replaces the branch's history)
     * @return the new commit, or {@code base} itself when the changes leave its tree as it was
     *         (never for a root commit)
     */
    ObjectId compose(ObjectId base, Changeset changes, boolean root) throws IOException {
        try (PackInserter inserter = repository.getObjectDatabase().newPackInserter();
             PackInserter stored = repository.getObjectDatabase().newPackInserter();
             ObjectReader reader = repository.newObjectReader();
             RevWalk rw = new RevWalk(reader)) {
            inserter.setCompressionLevel(COMPRESSION);
            stored.setCompressionLevel(STORED);
            DirCache index = DirCache.newInCore();
            ObjectId baseTree = null;
            if (base != null) {
                baseTree = rw.parseCommit(base).getTree();
                DirCacheBuilder builder = index.builder();
                builder.addTree(new byte[0], DirCacheEntry.STAGE_0, reader, baseTree);
                builder.finish();
            }
            DirCacheEditor editor = index.editor();
            for (Map.Entry<String, Content> put : changes.puts().entrySet()) {
                Content content = put.getValue();
                ObjectId blob = insertBlob(content.compressible() ? inserter : stored, put.getKey(), content);
                editor.add(new PutFile(put.getKey(), blob));
            }
            for (String path : changes.deletes()) {
                editor.add(new DirCacheEditor.DeletePath(path));
            }
            ObjectId tree;
            try {
                editor.finish();
                tree = index.writeTree(inserter);
            } catch (IllegalArgumentException badPath) {
                throw new BadInputException("cannot store this snapshot in git: " + GitFailures.reason(badPath),
                        "file names must be relative, '/'-separated, without '.', '..' or '.git' parts");
            }
            if (tree.equals(baseTree) && !root) {
                return base;
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (base != null && !root) {
                commit.setParentId(base);
            }
            commit.setAuthor(identity);
            commit.setCommitter(identity);
            String message = changes.message().isBlank() ? "convergence publish" : changes.message();
            commit.setMessage(message.endsWith("\n") ? message : message + "\n");
            ObjectId id = inserter.insert(commit);
            stored.flush();
            inserter.flush();
            return id;
        }
    }

    private static ObjectId insertBlob(PackInserter inserter, String path, Content content) throws IOException {
        long size = content.size();
        try (InputStream in = content.open()) {
            return inserter.insert(Constants.OBJ_BLOB, size, in);
        } catch (java.io.EOFException shorter) {
            throw new BadInputException("content of " + path + " is shorter than its declared size " + size,
                    "the file changed while it was being published; publish again");
        }
    }

    /** Sets one path to a regular file with the given blob. */
    private static final class PutFile extends DirCacheEditor.PathEdit {
        private final ObjectId blob;

        PutFile(String path, ObjectId blob) {
            super(path);
            this.blob = blob;
        }

        @Override
        public void apply(DirCacheEntry entry) {
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(blob);
        }
    }
}
