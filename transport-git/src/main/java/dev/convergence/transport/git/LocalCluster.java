package dev.convergence.transport.git;

import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.FS;

/**
 * The fast path for a cluster on this machine (a path or {@code file://}): objects move between
 * the cluster and a clone as packs written directly (see {@link PackCopy}), and a publish is the
 * same compare-and-swap {@code git receive-pack} would do: a ref update under the ref's lock
 * file that succeeds only if the branch still points at the expected commit. Safe against other
 * threads and processes, git's own included.
 */
final class LocalCluster {

    private final Path dir;
    private final ClusterLocation location;

    LocalCluster(Path dir, ClusterLocation location) {
        this.dir = dir;
        this.location = location;
    }

    /** Brings {@code clone}'s branch up to date; empty when the project does not exist. */
    Optional<ObjectId> fetchInto(ProjectClone clone) throws IOException {
        Optional<Fetch> fetch = startFetch(clone);
        if (fetch.isPresent() && fetch.get().copy() != null) {
            try (Copy copy = fetch.get().copy()) {
                copy.await();
            }
        }
        return fetch.map(Fetch::commit);
    }

    /**
     * Starts bringing {@code clone}'s branch up to date and returns at once: when objects are
     * missing, they are copied into the clone on a background thread (the branch moves when the
     * copy is complete), and meanwhile the snapshot is read straight from the cluster, whose
     * objects are the same bytes under the same ids. Empty when the project does not exist.
     */
    Optional<Fetch> startFetch(ProjectClone clone) throws IOException {
        FileRepository cluster = open();
        boolean handedOver = false;
        try {
            Ref ref = cluster.exactRef(clone.branch());
            if (ref == null || ref.getObjectId() == null) {
                return Optional.empty();
            }
            ObjectId id = ref.getObjectId();
            if (clone.hasObject(id)) {
                clone.moveTo(id);
                return Optional.of(new Fetch(id, null));
            }
            Ref local = clone.repository().exactRef(clone.branch());
            ObjectId have = local == null || local.getObjectId() == null
                    || !cluster.getObjectDatabase().has(local.getObjectId()) ? null : local.getObjectId();
            Copy copy = new Copy(cluster, clone, id, have);
            handedOver = true;
            return Optional.of(new Fetch(id, copy));
        } finally {
            if (!handedOver) {
                cluster.close();
            }
        }
    }

    /** A started fetch: the branch's commit in the cluster, and the copy still under way (or null). */
    record Fetch(ObjectId commit, Copy copy) {
    }

    /**
     * Objects on their way from the cluster into a clone. The cluster repository stays open for
     * reading until {@link #close()}, which first waits for the copy.
     */
    static final class Copy implements AutoCloseable {

        private final FileRepository source;
        private final java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();

        private Copy(FileRepository source, ProjectClone clone, ObjectId want, ObjectId have) {
            this.source = source;
            Thread worker = new Thread(() -> {
                try {
                    if (have != null || !PackCopy.linkPacks(source, clone.repository(), want)) {
                        PackCopy.copy(source, clone.repository(), want, have);
                    }
                    clone.moveTo(want);
                    done.complete(null);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            }, "convergence-clone-copy");
            worker.start();
        }

        /** Where the objects can be read while the copy runs. */
        FileRepository source() {
            return source;
        }

        /** Waits for the copy; rethrows its failure. */
        void await() throws IOException {
            try {
                done.join();
            } catch (java.util.concurrent.CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IOException(cause);
            }
        }

        /** Waits for the copy (a failure only means the next read copies again) and closes the cluster repository. */
        @Override
        public void close() {
            try {
                done.handle((ok, failed) -> null).join();
            } finally {
                source.close();
            }
        }
    }

    /**
     * Moves the cluster's branch from {@code base} (null: must not exist) to {@code commit}, or
     * refuses as stale. With {@code replace} the move need not be a fast-forward (a root commit
     * replacing the history); it is still made only while the branch is at {@code base}. Once it
     * has moved, the cluster's small packs are rolled up if there are too many, where
     * {@code git receive-pack} would start {@code git gc --auto} ({@link PackConsolidation}: never
     * the whole cluster, and not JGit's gc, which repacked everything at every publish for an hour
     * once fifty packs had piled up).
     */
    void publish(ProjectClone clone, ObjectId base, ObjectId commit, boolean replace) throws IOException {
        String branch = clone.branch();
        try (FileRepository cluster = open()) {
            Ref current = cluster.exactRef(branch);
            ObjectId now = current == null ? null : current.getObjectId();
            if (!java.util.Objects.equals(now, base)) {
                throw stale(branch);
            }
            PackCopy.copy(clone.repository(), cluster, commit, base);
            RefUpdate update = cluster.updateRef(branch);
            update.setExpectedOldObjectId(base == null ? ObjectId.zeroId() : base);
            update.setNewObjectId(commit);
            update.setForceUpdate(replace);
            update.setRefLogMessage("convergence: publish", false);
            RefUpdate.Result result;
            try (RevWalk rw = new RevWalk(cluster)) {
                result = update.update(rw);
            }
            switch (result) {
                case NEW, FAST_FORWARD, NO_CHANGE, FORCED -> PackConsolidation.whenDue(cluster);
                case LOCK_FAILURE, REJECTED, REJECTED_CURRENT_BRANCH, REJECTED_MISSING_OBJECT -> throw stale(branch);
                default -> throw new TransportException("the cluster " + location + " did not update " + branch
                        + ": " + result, "try again");
            }
        }
    }

    private FileRepository open() throws IOException {
        File gitDir = RepositoryCache.FileKey.resolve(dir.toFile(), FS.DETECTED);
        if (gitDir == null) {
            throw new org.eclipse.jgit.errors.NoRemoteRepositoryException(location.uri(), "not a git repository");
        }
        return new FileRepository(gitDir);
    }

    private StaleSnapshotException stale(String branch) {
        return new StaleSnapshotException(branch + " in " + location + " changed since it was read",
                "read the project again, merge, and publish again");
    }
}
