package dev.convergence.testkit;

import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.Transport;
import java.io.InputStream;

/** An entry a transport stores, as content to publish again (the base of an append), re-opened on every read. */
public final class StoredContent {

    private StoredContent() {
    }

    /** {@code e} of {@code s} as {@code t} streams it; its size is the entry's. */
    public static Content of(Transport t, Snapshot s, SnapshotEntry e) {
        return new Content() {
            @Override
            public long size() {
                return e.size();
            }

            @Override
            public InputStream open() {
                return t.open(s, e);
            }
        };
    }
}
