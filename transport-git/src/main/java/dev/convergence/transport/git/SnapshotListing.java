package dev.convergence.transport.git;

import dev.convergence.api.transport.SnapshotEntry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The entries of a commit's tree, every path exactly as stored, with sizes and blob ids. */
final class SnapshotListing {

    private SnapshotListing() {
    }

    static Map<String, SnapshotEntry> of(Repository repo, ObjectId commitId) throws IOException {
        Map<String, SnapshotEntry> entries = new LinkedHashMap<>();
        try (ObjectReader reader = repo.newObjectReader();
             RevWalk rw = new RevWalk(reader);
             TreeWalk tw = new TreeWalk(reader)) {
            RevCommit commit = rw.parseCommit(commitId);
            tw.addTree(commit.getTree());
            tw.setRecursive(true);
            while (tw.next()) {
                FileMode mode = tw.getFileMode(0);
                ObjectId id = tw.getObjectId(0);
                SnapshotEntry.Type type = typeOf(mode);
                long size = type == SnapshotEntry.Type.SUBMODULE || type == SnapshotEntry.Type.OTHER
                        ? -1 : reader.getObjectSize(id, Constants.OBJ_BLOB);
                String path = tw.getPathString();
                entries.put(path, new SnapshotEntry(path, size, id.name(), type));
            }
        }
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
