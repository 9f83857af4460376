package dev.convergence.transport.git;

import dev.convergence.api.BadInputException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * pack, stored at level 0: deflating it would cost time and save nothing. Transcripts of at least
 * {@link ChunkSettings#threshold()} bytes are stored as chunks ({@link ChunkedFile}); when the
 * content says it is a stored chunked file plus appended bytes, only the last chunk and the new
 * ones are written, so the cost follows the append, not the file.
 */
final class CommitComposer {

    /** zlib level for new objects: transcripts are text, and level 1 costs a fraction of the default. */
    static final int COMPRESSION = 1;
    /** zlib level for incompressible content: stored blocks, a copy plus a checksum. */
    static final int STORED = 0;

    private final FileRepository repository;
    private final PersonIdent identity;
    private final ChunkSettings chunking;

    CommitComposer(FileRepository repository, PersonIdent identity, ChunkSettings chunking) {
        this.repository = repository;
        this.identity = identity;
        this.chunking = chunking;
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
                String path = put.getKey();
                Content content = put.getValue();
                if (chunking.chunks(path, content.size())) {
                    putChunked(index, editor, inserter, reader, path, content);
                } else {
                    editor.add(new PutFile(path, insertBlob(content.compressible() ? inserter : stored, path, content)));
                    if (ChunkedFile.eligible(path)) {
                        editor.add(new DirCacheEditor.DeleteTree(ChunkedFile.treePath(path)));
                    }
                }
            }
            for (String path : changes.deletes()) {
                editor.add(new DirCacheEditor.DeletePath(path));
                if (ChunkedFile.eligible(path)) {
                    editor.add(new DirCacheEditor.DeleteTree(ChunkedFile.treePath(path)));
                }
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

    /**
     * Stores {@code content} as the chunks of {@code path}: when it is a stored chunked file plus
     * appended bytes, every chunk but the last is kept and only the last one and the appended bytes
     * are cut again; otherwise the whole content is cut. Removes a plain blob at the same path and
     * any chunk the new layout no longer has.
     */
    private void putChunked(DirCache index, DirCacheEditor editor, PackInserter inserter, ObjectReader reader,
                            String path, Content content) throws IOException {
        List<ChunkedFile.Chunk> base = storedBase(reader, content);
        List<ChunkedFile.Chunk> kept = base.isEmpty() ? List.of() : base.subList(0, base.size() - 1);
        long expected = content.size() - ChunkedFile.size(kept);
        Chunker.Written written;
        try (InputStream in = base.isEmpty() ? content.open() : new SequenceInputStream(
                reader.open(base.get(base.size() - 1).blob(), Constants.OBJ_BLOB).openStream(),
                content.appended().orElseThrow().tail().open())) {
            written = new Chunker(inserter, chunking.chunkSize()).write(in, kept.size());
        }
        if (written.bytes() != expected) {
            throw new BadInputException("content of " + path + " is " + (written.bytes() < expected ? "shorter" : "longer")
                    + " than its declared size " + content.size(),
                    "the file changed while it was being published; publish again");
        }
        Set<String> now = new HashSet<>();
        for (int i = 0; i < kept.size() + written.blobs().size(); i++) {
            now.add(ChunkedFile.chunkPath(path, i));
        }
        editor.add(new DirCacheEditor.DeletePath(path));
        editor.add(new DirCacheEditor.DeletePath(ChunkedFile.treePath(path)));
        for (DirCacheEntry old : index.getEntriesWithin(ChunkedFile.treePath(path))) {
            if (!now.contains(old.getPathString())) {
                editor.add(new DirCacheEditor.DeletePath(old.getPathString()));
            }
        }
        for (ChunkedFile.Chunk c : kept) {
            editor.add(new PutFile(ChunkedFile.chunkPath(path, c.index()), c.blob()));
        }
        for (int i = 0; i < written.blobs().size(); i++) {
            editor.add(new PutFile(ChunkedFile.chunkPath(path, kept.size() + i), written.blobs().get(i)));
        }
    }

    /**
     * The chunks of the stored base an append names, when that base is a well-formed chunk tree
     * of the declared size in this repository: all but the last are kept, the last is cut again
     * with the appended bytes. Empty when the content must be cut from scratch.
     */
    private static List<ChunkedFile.Chunk> storedBase(ObjectReader reader, Content content) throws IOException {
        Optional<Content.Appended> appended = content.appended();
        if (appended.isEmpty() || !ObjectId.isId(appended.get().baseContentId())) {
            return List.of();
        }
        ObjectId base = ObjectId.fromString(appended.get().baseContentId());
        if (!ChunkedFile.mayBeChunkTree(reader, base)) {
            return List.of();
        }
        Optional<List<ChunkedFile.Chunk>> chunks = ChunkedFile.read(reader, base);
        if (chunks.isEmpty() || ChunkedFile.size(chunks.get()) != appended.get().baseSize()) {
            return List.of();
        }
        return chunks.get();
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
