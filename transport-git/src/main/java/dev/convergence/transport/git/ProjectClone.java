package dev.convergence.transport.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.Transport;

/**
 * The local, bare, single-branch clone of one project: it only ever holds the history of
 * {@code refs/heads/project/<id>}, so joining one project never downloads another's.
 */
final class ProjectClone implements AutoCloseable {

    private final FileRepository repository;
    private final String branch;

    private ProjectClone(FileRepository repository, String branch) {
        this.repository = repository;
        this.branch = branch;
    }

    /** Opens the clone in {@code dir}, creating an empty bare repository there first if needed. */
    static ProjectClone openOrCreate(Path dir, String branch) throws IOException {
        FileRepository repo = new FileRepository(dir.toFile());
        if (!Files.isRegularFile(dir.resolve("HEAD"))) {
            Files.createDirectories(dir);
            repo.create(true);
            StoredConfig config = repo.getConfig();
            config.setInt(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_COMPRESSION, 1);
            config.setInt("gc", null, "auto", 0);
            config.save();
            RefUpdate head = repo.updateRef("HEAD");
            head.disableRefLog();
            head.link(branch);
        } else if ("false".equals(repo.getConfig().getString("gc", null, "auto"))) {
            // Written by earlier versions: git reads gc.auto as a number and refused every gc in the clone.
            repo.getConfig().setInt("gc", null, "auto", 0);
            repo.getConfig().save();
        }
        PackCopy.removeAbandonedTemps(dir.resolve("objects").resolve("pack"));
        return new ProjectClone(repo, branch);
    }

    FileRepository repository() {
        return repository;
    }

    String branch() {
        return branch;
    }

    /**
     * Brings the branch up to date with the cluster in one connection: lists it, downloads what
     * is missing, moves the local ref.
     *
     * @return the branch's commit in the cluster, or empty when the project does not exist there
     */
    Optional<ObjectId> fetch(RemoteConnector connector) throws IOException {
        try (Transport tn = connector.open(repository);
             FetchConnection c = tn.openFetch(List.of(new RefSpec(branch)))) {
            Ref remote = c.getRef(branch);
            if (remote == null || remote.getObjectId() == null) {
                return Optional.empty();
            }
            ObjectId id = remote.getObjectId();
            if (!hasObject(id)) {
                c.fetch(NullProgressMonitor.INSTANCE, List.of(remote), Set.of());
            }
            moveTo(id);
            return Optional.of(id);
        }
    }

    /**
     * Rolls the small packs that publishes and fetches left into one once there are too many
     * ({@link PackConsolidation}); a failure is not fatal, the next call tries again. Called where
     * nothing else of this process reads the clone.
     */
    void consolidatePacks() {
        PackConsolidation.whenDue(repository);
    }

    boolean hasObject(ObjectId id) {
        return repository.getObjectDatabase().has(id);
    }

    /** Points the local branch at {@code commit}, whatever it pointed at before. */
    void moveTo(ObjectId commit) throws IOException {
        RefUpdate.Result r = update(commit);
        if (r == RefUpdate.Result.LOCK_FAILURE) {
            r = afterLockFailure(commit);
        }
        switch (r) {
            case NEW, FORCED, FAST_FORWARD, NO_CHANGE -> { }
            default -> throw new IOException("cannot move " + branch + " in " + repository.getDirectory() + ": " + r);
        }
    }

    private RefUpdate.Result update(ObjectId commit) throws IOException {
        RefUpdate u = repository.updateRef(branch);
        u.disableRefLog();
        u.setNewObjectId(commit);
        u.setForceUpdate(true);
        return u.update();
    }

    /** How long a ref's lock file may stay unchanged before it counts as left by a process that died. */
    static final long STALE_LOCK_MILLIS = 1000;

    /**
     * The branch's lock file is taken. Another process (a {@code status} beside a sync) holds it
     * for milliseconds; one that was killed mid-update leaves it forever. So: retry for a second,
     * and if the same lock file is still there, remove it (the clone is this machine's own cache)
     * and update once more.
     */
    private RefUpdate.Result afterLockFailure(ObjectId commit) throws IOException {
        Path lock = repository.getDirectory().toPath().resolve(branch + ".lock");
        java.nio.file.attribute.FileTime first = modified(lock);
        long deadline = System.nanoTime() + STALE_LOCK_MILLIS * 1_000_000;
        RefUpdate.Result r = RefUpdate.Result.LOCK_FAILURE;
        while (r == RefUpdate.Result.LOCK_FAILURE && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            r = update(commit);
        }
        if (r == RefUpdate.Result.LOCK_FAILURE && first != null && first.equals(modified(lock))) {
            Files.deleteIfExists(lock);
            r = update(commit);
        }
        return r;
    }

    private static java.nio.file.attribute.FileTime modified(Path file) throws IOException {
        try {
            return Files.getLastModifiedTime(file);
        } catch (java.nio.file.NoSuchFileException gone) {
            return null;
        }
    }

    @Override
    public void close() {
        repository.close();
    }
}
