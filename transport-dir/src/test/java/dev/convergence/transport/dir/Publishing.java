package dev.convergence.transport.dir;

import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** What core does, reduced to what the tests need: the read → publish → retry-on-stale loop. */
final class Publishing {

    private Publishing() {
    }

    static Changeset put(String path, String text) {
        return new Changeset(Map.of(path, Content.of(text.getBytes(StandardCharsets.UTF_8))), Set.of(), "put " + path);
    }

    /** Publishes until it lands; returns how many attempts were refused as stale. */
    static int publishRetrying(Transport transport, ProjectId project, Changeset changes) {
        for (int stale = 0; ; stale++) {
            SnapshotToken token = transport.read(project).token();
            try {
                transport.publish(project, token, changes);
                return stale;
            } catch (StaleSnapshotException e) {
                Thread.onSpinWait();
            }
        }
    }

    static String text(Transport transport, Snapshot snapshot, String path) {
        SnapshotEntry entry = snapshot.entries().get(path);
        if (entry == null) {
            throw new AssertionError("no entry " + path + " in " + snapshot.entries().keySet());
        }
        try (InputStream in = transport.open(snapshot, entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
