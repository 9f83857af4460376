package dev.convergence.core.sync;

import dev.convergence.api.Roster;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.Transport;
import dev.convergence.core.roster.RosterCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Reads a snapshot's roster, refusing an oversized or malformed one. */
public final class Rosters {

    private static final int MAX_ROSTER_BYTES = 4 << 20;

    private Rosters() {
    }

    public static Optional<Roster> read(Transport transport, Snapshot snapshot) {
        SnapshotEntry e = snapshot.entries().get(RosterCodec.FILE);
        if (e == null) {
            return Optional.empty();
        }
        try (InputStream in = transport.open(snapshot, e)) {
            byte[] bytes = in.readNBytes(MAX_ROSTER_BYTES + 1);
            if (bytes.length > MAX_ROSTER_BYTES) {
                throw new dev.convergence.api.GuardRefusedException("the cluster's roster.json is over " + MAX_ROSTER_BYTES + " bytes",
                        "the cluster may have been tampered with; restore the project's branch");
            }
            return Optional.of(RosterCodec.parse(bytes));
        } catch (IOException ex) {
            throw new TransportException("cannot read roster.json of " + snapshot.project() + ": " + ex.getMessage(), "check the cluster and try again", ex);
        }
    }
}
