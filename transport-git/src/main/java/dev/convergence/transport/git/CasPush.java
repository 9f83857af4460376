package dev.convergence.transport.git;

import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.pack.PackConfig;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;

/**
 * Moves one branch of the cluster from the commit we read to the commit we wrote, and only
 * then: the push names the expected old id (zero for a branch that must not exist yet), so a
 * branch that moved meanwhile is left alone and the publish is stale. It is forced only to replace
 * the history (a root commit), and then still names the old id.
 */
final class CasPush {

    private static final String[] STALE_SIGNS = {
        "lock", "stale", "fetch first", "non-fast-forward", "failed to update ref", "expected", "already exists"
    };

    private final RemoteConnector connector;
    private final ClusterLocation location;

    CasPush(RemoteConnector connector, ClusterLocation location) {
        this.connector = connector;
        this.location = location;
    }

    /**
     * @param expectedOld the commit the branch must still point at, or {@code null} when it must not exist
     * @param replace     whether {@code commit} may replace the history (not a fast-forward)
     * @throws StaleSnapshotException when the branch is not at {@code expectedOld} any more
     */
    void push(Repository local, String branch, ObjectId expectedOld, ObjectId commit, boolean replace) throws IOException {
        ObjectId old = expectedOld == null ? ObjectId.zeroId() : expectedOld;
        RemoteRefUpdate update = new RemoteRefUpdate(local, commit.name(), commit, branch, replace, null, old);
        try (Transport tn = connector.open(local)) {
            tn.setPackConfig(packConfig(local, expectedOld == null));
            tn.setPushThin(expectedOld != null);
            tn.push(NullProgressMonitor.INSTANCE, List.of(update));
        }
        switch (update.getStatus()) {
            case OK, UP_TO_DATE -> { }
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> throw stale(branch);
            case REJECTED_OTHER_REASON -> throw replace && stillAt(branch, old) ? noRewrite(branch, update.getMessage())
                    : rejected(branch, old, update.getMessage());
            default -> throw new TransportException("the cluster " + location + " did not update " + branch + ": "
                    + update.getStatus() + messageSuffix(update.getMessage()), "try again");
        }
    }

    /** A refusal for another reason is stale when the branch moved or the server reports lock contention. */
    private RuntimeException rejected(String branch, ObjectId expected, String message) throws IOException {
        String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
        for (String sign : STALE_SIGNS) {
            if (lower.contains(sign)) {
                return stale(branch);
            }
        }
        if (!stillAt(branch, expected)) {
            return stale(branch);
        }
        return new TransportException("the cluster " + location + " refused to update " + branch
                + messageSuffix(message), "check the server's rules for this repository (hooks, protected branches)");
    }

    private boolean stillAt(String branch, ObjectId expected) throws IOException {
        Ref now = connector.advertisedRefs(branch).get(branch);
        return expected.equals(now == null ? ObjectId.zeroId() : now.getObjectId());
    }

    private TransportException noRewrite(String branch, String message) {
        return new TransportException("the cluster " + location + " refused to replace the history of " + branch
                + messageSuffix(message), "allow a forced update of " + branch + " on the server (it may be a protected "
                + "branch, or receive.denyNonFastForwards is set), then run the command again");
    }

    private StaleSnapshotException stale(String branch) {
        return new StaleSnapshotException(branch + " in " + location + " changed since it was read",
                "read the project again, merge, and publish again");
    }

    private static String messageSuffix(String message) {
        return message == null || message.isBlank() ? "" : ": " + message.replaceAll("\\s+", " ").strip();
    }

    /**
     * New objects were deflated once by {@link CommitComposer}; reuse them as they are. A first
     * publish has nothing to delta against, so delta search is off; later publishes send thin
     * packs with a small window (a grown transcript is a cheap delta against its old version).
     */
    static PackConfig packConfig(Repository local, boolean firstPublish) {
        PackConfig pc = new PackConfig(local);
        pc.setCompressionLevel(CommitComposer.COMPRESSION);
        pc.setReuseObjects(true);
        pc.setReuseDeltas(true);
        pc.setDeltaCompress(!firstPublish);
        pc.setDeltaSearchWindowSize(4);
        pc.setThreads(1);
        return pc;
    }
}
