package dev.convergence.transport.git;

import dev.convergence.api.transport.SnapshotEntry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * The entries of a commit's tree, every path exactly as stored, with sizes and blob ids; a
 * well-formed chunk tree ({@link ChunkedFile}) is one entry under the transcript's own path, its
 * content id the tree's id. When a plain blob and a chunk tree both hold the same transcript
 * (another client wrote the blob), the entry's content id names both ({@link TwoVersions}) and
 * reading it gives their union.
 */
final class SnapshotListing {

    private SnapshotListing() {
    }

    static Map<String, SnapshotEntry> of(Repository repo, ObjectId commitId) throws IOException {
        Map<String, SnapshotEntry> entries = new LinkedHashMap<>();
        Map<String, SnapshotEntry> chunked = new LinkedHashMap<>();
        try (ObjectReader reader = repo.newObjectReader();
             RevWalk rw = new RevWalk(reader);
             TreeWalk tw = new TreeWalk(reader)) {
            RevCommit commit = rw.parseCommit(commitId);
            tw.addTree(commit.getTree());
            tw.setRecursive(false);
            while (tw.next()) {
                String path = tw.getPathString();
                ObjectId id = tw.getObjectId(0);
                if (tw.isSubtree()) {
                    Optional<List<ChunkedFile.Chunk>> chunks = ChunkedFile.isTreePath(path)
                            ? ChunkedFile.read(reader, id) : Optional.empty();
                    if (chunks.isPresent()) {
                        String logical = ChunkedFile.logicalPath(path);
                        chunked.put(logical, SnapshotEntry.regular(logical, ChunkedFile.size(chunks.get()), id.name()));
                    } else {
                        tw.enterSubtree();
                    }
                    continue;
                }
                FileMode mode = tw.getFileMode(0);
                SnapshotEntry.Type type = typeOf(mode);
                long size = type == SnapshotEntry.Type.SUBMODULE || type == SnapshotEntry.Type.OTHER
                        ? -1 : reader.getObjectSize(id, Constants.OBJ_BLOB);
                entries.put(path, new SnapshotEntry(path, size, id.name(), type));
            }
        }
        chunked.forEach((path, e) -> {
            SnapshotEntry plain = entries.get(path);
            entries.put(path, plain == null || plain.type() != SnapshotEntry.Type.REGULAR ? e
                    : SnapshotEntry.regular(path, -1, TwoVersions.id(e.contentId(), plain.contentId())));
        });
        return entries;
    }

    static SnapshotEntry.Type typeOf(FileMode mode) {
        if (FileMode.REGULAR_FILE.equals(mode)) {
            return SnapshotEntry.Type.REGULAR;
        }
        if (FileMode.EXECUTABLE_FILE.equals(mode)) {
            return SnapshotEntry.Type.EXECUTABLE;
        }
        if (FileMode.SYMLINK.equals(mode)) {
            return SnapshotEntry.Type.SYMLINK;
        }
        if (FileMode.GITLINK.equals(mode)) {
            return SnapshotEntry.Type.SUBMODULE;
        }
        return SnapshotEntry.Type.OTHER;
    }
}
