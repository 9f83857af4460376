package dev.convergence.transport.dir;

import dev.convergence.api.transport.ContentHash;
import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.vfs2.FileName;
import org.apache.commons.vfs2.FileObject;
import org.apache.commons.vfs2.FileSystemException;
import org.apache.commons.vfs2.FileSystemManager;
import org.apache.commons.vfs2.FileType;
import org.apache.commons.vfs2.impl.DefaultFileSystemManager;

/**
 * A cluster that is a folder on any Commons VFS file system. Each project is a folder of
 * content-addressed blobs and one manifest per generation; publishing copies the new blobs
 * first, then, under the project lock, checks the expected generation and renames the next
 * manifest into place. See {@link ProjectFolder} for the layout and {@link GenerationPruner}
 * for what is deleted when.
 */
final class DirTransport implements Transport {

    private final ClusterUri uri;
    private final DefaultFileSystemManager vfs;
    private final FileName rootName;
    private final DirOptions options;
    private final Clock clock;
    private final AtomicFileOps ops = new AtomicFileOps();
    private final BlobStore blobs = new BlobStore(ops);
    private final ManifestStore manifests = new ManifestStore(ops);
    private final GenerationPruner pruner;
    private final ClusterMarker marker = new ClusterMarker();
    private boolean closed;

    /** Takes ownership of {@code vfs}, which {@link #close()} closes. */
    DirTransport(ClusterUri uri, DefaultFileSystemManager vfs, FileObject root, DirOptions options, Clock clock) {
        this.uri = uri;
        this.vfs = vfs;
        this.rootName = root.getName();
        this.options = options;
        this.clock = clock;
        this.pruner = new GenerationPruner(manifests, options, clock);
    }

    @Override
    public ClusterUri uri() {
        return uri;
    }

    @Override
    public void ensureCluster(boolean create) {
        try {
            marker.ensure(root(), create);
        } catch (IOException e) {
            throw failure("cannot prepare the cluster folder", e);
        }
    }

    @Override
    public List<ProjectId> listProjects() {
        try {
            List<ProjectId> projects = new ArrayList<>();
            FileObject root = root();
            if (root.getType() != FileType.FOLDER) {
                return projects;
            }
            for (FileObject child : root.getChildren()) {
                String name = child.getName().getBaseName();
                if (child.getType() == FileType.FOLDER && ProjectId.isValid(name)
                        && !manifests.generations(new ProjectFolder(child)).isEmpty()) {
                    projects.add(ProjectId.of(name));
                }
            }
            projects.sort(null);
            return projects;
        } catch (IOException e) {
            throw failure("cannot list the projects", e);
        }
    }

    @Override
    public Snapshot read(ProjectId project) {
        try {
            Optional<Manifest> current = manifests.latest(folderOf(project));
            return current.map(m -> new Snapshot(project, m.token(), m.entries())).orElseGet(() -> Snapshot.absent(project));
        } catch (IOException e) {
            throw failure("cannot read project " + project, e);
        }
    }

    @Override
    public InputStream open(Snapshot snapshot, SnapshotEntry entry) {
        try {
            InputStream in = ContentHash.isSha256(entry.contentId())
                    ? blobs.open(folderOf(snapshot.project()), entry.contentId()) : null;
            if (in == null) {
                throw new TransportException("the cluster has no content for " + snapshot.project() + "/" + entry.path()
                        + " (blob " + entry.contentId() + ")", "read the project again; if it persists the cluster folder is damaged");
            }
            return in;
        } catch (IOException e) {
            throw failure("cannot open " + snapshot.project() + "/" + entry.path(), e);
        }
    }

    @Override
    public SnapshotToken publish(ProjectId project, SnapshotToken expected, Changeset changes) {
        return publish(project, expected, changes, false);
    }

    /** Publishes, then deletes every other generation and every blob the new one does not name, at once. */
    @Override
    public SnapshotToken publishReplacingHistory(ProjectId project, SnapshotToken expected, Changeset changes) {
        return publish(project, expected, changes, true);
    }

    @Override
    public boolean replacesHistory() {
        return true;
    }

    private SnapshotToken publish(ProjectId project, SnapshotToken expected, Changeset changes, boolean replace) {
        ProjectFolder folder = folderOf(project);
        try {
            Map<String, SnapshotEntry> entries = baseEntries(folder, project, expected);
            folder.create(ops);
            changes.deletes().forEach(entries::remove);
            Map<String, Content> stored = new LinkedHashMap<>();
            for (var put : changes.puts().entrySet()) {
                String sha = blobs.store(folder, put.getValue());
                entries.put(put.getKey(), SnapshotEntry.regular(put.getKey(), put.getValue().size(), sha));
                stored.put(sha, put.getValue());
            }
            try (ProjectLock lock = ProjectLock.acquire(folder, ops, options, clock)) {
                SnapshotToken current = manifests.latest(folder).map(Manifest::token).orElse(SnapshotToken.ABSENT);
                if (!current.equals(expected)) {
                    throw stale(project, expected, current);
                }
                if (changes.isEmpty()) {
                    return expected;
                }
                for (var blob : stored.entrySet()) {
                    if (!blobs.exists(folder, blob.getKey())) { // swept by a pruner since we stored it
                        blobs.copyIn(folder, blob.getValue(), blob.getKey());
                    }
                }
                List<Long> generations = manifests.generations(folder);
                long next = generations.isEmpty() ? 1 : generations.get(0) + 1;
                Manifest manifest = new Manifest(next, randomId(), clock.instant(), entries);
                manifests.commit(folder, manifest, lock);
                if (replace) {
                    pruner.forgetAllBut(folder, manifest);
                } else {
                    pruneQuietly(folder);
                }
                return manifest.token();
            }
        } catch (IOException e) {
            throw failure("cannot publish project " + project, e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            vfs.close();
        }
    }

    /** The VFS manager this transport resolves names with (tests reach other schemes through it). */
    FileSystemManager fileSystemManager() {
        return vfs;
    }

    private Map<String, SnapshotEntry> baseEntries(ProjectFolder folder, ProjectId project, SnapshotToken expected) throws IOException {
        if (expected.isAbsent()) {
            return new TreeMap<>();
        }
        long generation = Manifest.generationOf(expected);
        Optional<Manifest> base = generation > 0 ? manifests.read(folder, generation) : Optional.empty();
        if (base.isEmpty() || !base.get().token().equals(expected)) {
            SnapshotToken current = manifests.latest(folder).map(Manifest::token).orElse(SnapshotToken.ABSENT);
            throw stale(project, expected, current);
        }
        return new TreeMap<>(base.get().entries());
    }

    private void pruneQuietly(ProjectFolder folder) {
        try {
            pruner.prune(folder);
        } catch (IOException | RuntimeException e) {
            // Pruning only reclaims space; the commit is done. The next publish tries again.
        }
    }

    /** Resolved afresh on every use: the files cache is off, so nothing seen earlier is trusted. */
    private FileObject root() throws FileSystemException {
        return vfs.resolveFile(rootName.getURI());
    }

    private ProjectFolder folderOf(ProjectId project) {
        try {
            return new ProjectFolder(root().resolveFile(project.value()));
        } catch (IOException e) {
            throw failure("cannot resolve the folder of project " + project, e);
        }
    }

    private static String randomId() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static StaleSnapshotException stale(ProjectId project, SnapshotToken expected, SnapshotToken current) {
        return new StaleSnapshotException("project " + project + " moved on: expected " + expected + ", found " + current,
                "read the project again and merge");
    }

    private TransportException failure(String what, IOException e) {
        return new TransportException(what + " in " + uri + ": " + e.getMessage(),
                "check that the cluster folder is reachable and writable", e);
    }
}
