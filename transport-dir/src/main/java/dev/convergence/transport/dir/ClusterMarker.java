package dev.convergence.transport.dir;

import dev.convergence.api.TransportException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileType;

/** {@code <cluster>/CONVERGENCE-CLUSTER.md}: says a folder is a cluster, and what not to do with it. */
final class ClusterMarker {

    static final String NAME = "CONVERGENCE-CLUSTER.md";

    private static final String TEXT = """
            # Convergence cluster

            This folder is managed by Convergence: one folder
            per project, each holding content-addressed blobs (`objects/`) and one manifest per
            published generation (`manifests/`). Do not edit it by hand, and keep it private:
            it holds your Claude Code session transcripts and memory.
            """;

    /** Checks that {@code root} is a cluster, creating one in a missing or empty folder when asked. */
    void ensure(FileObject root, boolean create) throws IOException {
        String where = root.getName().getFriendlyURI();
        FileType type = root.getType();
        if (type == FileType.FILE) {
            throw new TransportException(where + " is a file, not a Convergence cluster folder", "give a folder");
        }
        FileObject marker = root.resolveFile(NAME);
        if (type == FileType.FOLDER && marker.exists()) {
            return;
        }
        boolean empty = type != FileType.FOLDER || root.getChildren().length == 0;
        if (!empty) {
            throw new TransportException(where + " is not a Convergence cluster (it is not empty and has no " + NAME + ")",
                    "choose an empty or new folder for the cluster");
        }
        if (!create) {
            throw new TransportException("no Convergence cluster at " + where,
                    "create one with 'convergence init --cluster " + where + "'");
        }
        root.createFolder();
        try (OutputStream out = marker.getContent().getOutputStream()) {
            out.write(TEXT.getBytes(StandardCharsets.UTF_8));
        }
    }
}
