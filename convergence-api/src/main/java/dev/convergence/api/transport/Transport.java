package dev.convergence.api.transport;

import dev.convergence.api.ProjectId;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * An open connection to one cluster. A cluster stores, per project, one immutable snapshot; a
 * new one is published only by compare-and-swap against the token that was read, so no update
 * is ever lost: core owns the read, merge, publish, retry-on-stale loop.
 *
 * <p>Instances are used by one thread at a time. Every method may throw
 * {@link dev.convergence.api.TransportException} (unreachable, not a cluster, corrupt store) or
 * {@link dev.convergence.api.AuthenticationException}; none throws a checked exception.
 */
public interface Transport extends AutoCloseable {

    /** The cluster this transport is connected to. */
    ClusterUri uri();

    /**
     * Makes sure the location holds a Convergence cluster, creating an empty one when the
     * location is empty or missing and {@code create} is true.
     *
     * @throws dev.convergence.api.TransportException when the location holds something that is
     *         not a cluster, or is missing and {@code create} is false
     */
    void ensureCluster(boolean create);

    /** Every project in the cluster, sorted; empty for an empty cluster. */
    List<ProjectId> listProjects();

    /** The project's current snapshot, or {@link Snapshot#absent} when it does not exist. */
    Snapshot read(ProjectId project);

    /**
     * Streams the content of an entry; the caller closes the stream. The entry may come from the
     * current snapshot or from any earlier snapshot of the same project read through this cluster
     * (core re-opens the base it last converged on by its {@link SnapshotEntry#contentId()}), so
     * transports must resolve content by id, not by path in {@code snapshot}.
     *
     * @throws dev.convergence.api.NotFoundException when no content with that id is available
     */
    InputStream open(Snapshot snapshot, SnapshotEntry entry);

    /**
     * The bytes {@code entry}'s content holds after the content stored as {@code baseContentId},
     * when that content is its exact prefix and the transport can prove so without reading either
     * whole (a transcript that only grew): a pull then localizes and appends just those bytes. The
     * caller closes the stream. Empty whenever the transport cannot tell, or the content is not
     * the base followed by more bytes; core then reads the whole entry with {@link #open}. The
     * default is always empty.
     *
     * @param baseContentId a {@link SnapshotEntry#contentId()} this transport reported for the same path
     */
    default Optional<InputStream> openAppended(Snapshot snapshot, SnapshotEntry entry, String baseContentId) {
        return Optional.empty();
    }

    /**
     * Publishes {@code changes} on top of the snapshot identified by {@code expected}, only if it
     * is still the current one ({@link SnapshotToken#ABSENT} creates the project).
     *
     * @return the token of the new snapshot
     * @throws dev.convergence.api.StaleSnapshotException when the current token is not {@code expected};
     *         nothing was published
     */
    SnapshotToken publish(ProjectId project, SnapshotToken expected, Changeset changes);

    /**
     * Publishes like {@link #publish}, compare-and-swap on {@code expected} included, and makes the
     * new snapshot the project's only one: earlier snapshots, and content that only they held, are
     * no longer reachable through the store (a git branch starts again at a root commit; a store of
     * generations deletes the older ones and their objects). Used when a cleartext project becomes
     * encrypted, so its cleartext does not stay in the history. A host may keep unreferenced data
     * until it collects garbage. The default publishes normally; see {@link #replacesHistory()}.
     */
    default SnapshotToken publishReplacingHistory(ProjectId project, SnapshotToken expected, Changeset changes) {
        return publish(project, expected, changes);
    }

    /** Whether {@link #publishReplacingHistory} drops earlier snapshots. The default is {@code false}. */
    default boolean replacesHistory() {
        return false;
    }

    /**
     * Whether {@link #open} may be called from several threads at once (reads only; every other
     * method stays single-threaded). Core then inflates and localizes files in parallel on pull.
     * The default is {@code false}; answer {@code true} only when concurrent opens are safe.
     */
    default boolean supportsConcurrentOpen() {
        return false;
    }

    /** Releases resources. Idempotent: closing twice is allowed. */
    @Override
    void close();
}
