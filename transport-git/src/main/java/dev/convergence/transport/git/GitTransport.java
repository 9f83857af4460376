package dev.convergence.transport.git;

import dev.convergence.api.ConvergenceException;
import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A cluster that is one git repository: branch {@code main} holds a README, each project is an
 * orphan branch {@code project/<id>}, a snapshot is a commit and its token the commit id.
 * Publishing is a push that names the expected old commit, so it is a compare-and-swap.
 */
final class GitTransport implements Transport {

    static final String PROJECT_PREFIX = "refs/heads/project/";

    private final ClusterUri uri;
    private final ClusterLocation location;
    private final TransportContext context;
    private final RemoteConnector connector;
    private final GitFailures failures;
    private final PersonIdent identity;
    private final LocalCluster local;
    private final ChunkSettings chunking;
    private final Map<ProjectId, ProjectClone> clones = new HashMap<>();
    /** Local clusters: objects still being copied into a clone, read from the cluster meanwhile. */
    private final Map<ProjectId, LocalCluster.Copy> copies = new HashMap<>();
    private boolean closed;

    GitTransport(ClusterUri uri, ClusterLocation location, TransportContext context) {
        this.uri = uri;
        this.location = location;
        this.context = context;
        this.connector = new RemoteConnector(location, context);
        this.failures = new GitFailures(location, connector);
        this.identity = identity(context.environment());
        this.local = location.localPath().map(dir -> new LocalCluster(dir, location)).orElse(null);
        this.chunking = ChunkSettings.from(context.options(), context.environment());
    }

    @Override
    public ClusterUri uri() {
        return uri;
    }

    @Override
    public void ensureCluster(boolean create) {
        ensureOpen();
        try {
            new ClusterSetup(location, connector, failures, context.cacheDir().resolve(".cluster-main"), identity)
                    .ensure(create);
        } catch (ConvergenceException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failures.remote(e);
        }
    }

    @Override
    public List<ProjectId> listProjects() {
        ensureOpen();
        try {
            return connector.advertisedRefs(PROJECT_PREFIX).keySet().stream()
                    .filter(name -> name.startsWith(PROJECT_PREFIX))
                    .map(name -> name.substring(PROJECT_PREFIX.length()))
                    .filter(ProjectId::isValid)
                    .map(ProjectId::of)
                    .sorted()
                    .toList();
        } catch (IOException | RuntimeException e) {
            throw failures.remote(e);
        }
    }

    @Override
    public Snapshot read(ProjectId project) {
        ensureOpen();
        ProjectClone clone = clone(project);
        Optional<ObjectId> commit;
        org.eclipse.jgit.lib.Repository objects = clone.repository();
        try {
            if (local != null) {
                awaitCopy(project);
                Optional<LocalCluster.Fetch> fetch = local.startFetch(clone);
                commit = fetch.map(LocalCluster.Fetch::commit);
                if (fetch.isPresent() && fetch.get().copy() != null) {
                    putCopy(project, fetch.get().copy());
                    objects = fetch.get().copy().source();
                }
            } else {
                commit = clone.fetch(connector);
            }
        } catch (IOException | RuntimeException e) {
            throw failures.remote(e);
        }
        if (commit.isEmpty()) {
            return Snapshot.absent(project);
        }
        try {
            return new Snapshot(project, new SnapshotToken(commit.get().name()),
                    SnapshotListing.of(objects, commit.get()));
        } catch (IOException e) {
            throw failures.local("cannot list " + branch(project) + " in the local clone", e);
        }
    }

    @Override
    public InputStream open(Snapshot snapshot, SnapshotEntry entry) {
        ensureOpen();
        ProjectClone clone = clone(snapshot.project());
        LocalCluster.Copy copy = copy(snapshot.project());
        try {
            String id = entry.contentId();
            ObjectId first = ObjectId.fromString(id.length() > Constants.OBJECT_ID_STRING_LENGTH
                    ? id.substring(0, Constants.OBJECT_ID_STRING_LENGTH) : id);
            return open(objects(clone, copy, first), id);
        } catch (MissingObjectException | IllegalArgumentException | IncorrectObjectTypeException e) {
            throw new TransportException("entry " + entry.path() + " of " + snapshot.project()
                    + " is not in the local clone", "read the project again", e);
        } catch (IOException e) {
            throw failures.local("cannot read " + entry.path() + " of " + snapshot.project(), e);
        }
    }

    /**
     * Both ids name well-formed chunk trees, the entry's tree keeps every chunk of the base but its
     * last (same blob ids), and the bytes from there on start with that last chunk: since chunks
     * concatenate to the file, the entry is then the base followed by what comes after those bytes.
     * Costs reading two trees and the base's last chunk, whatever the file's size.
     */
    @Override
    public Optional<InputStream> openAppended(Snapshot snapshot, SnapshotEntry entry, String baseContentId) {
        ensureOpen();
        if (!ObjectId.isId(entry.contentId()) || !ObjectId.isId(baseContentId)) {
            return Optional.empty();
        }
        ProjectClone clone = clone(snapshot.project());
        LocalCluster.Copy copy = copy(snapshot.project());
        ObjectId now = ObjectId.fromString(entry.contentId());
        ObjectId base = ObjectId.fromString(baseContentId);
        try {
            FileRepository nowRepo = objects(clone, copy, now);
            FileRepository baseRepo = objects(clone, copy, base);
            Optional<List<ChunkedFile.Chunk>> before = chunkTree(baseRepo, base);
            Optional<List<ChunkedFile.Chunk>> after = chunkTree(nowRepo, now);
            if (before.isEmpty() || after.isEmpty() || ChunkedFile.size(after.get()) <= ChunkedFile.size(before.get())) {
                return Optional.empty();
            }
            int kept = before.get().size() - 1;
            if (after.get().size() < kept + 1) {
                return Optional.empty();
            }
            for (int i = 0; i < kept; i++) {
                if (!before.get().get(i).blob().equals(after.get().get(i).blob())) {
                    return Optional.empty();
                }
            }
            ChunkedFile.Chunk last = before.get().get(kept);
            InputStream rest = ChunkedFile.open(nowRepo, after.get().subList(kept, after.get().size()));
            try (InputStream lastBytes = baseRepo.open(last.blob(), Constants.OBJ_BLOB).openStream()) {
                if (!ChunkedFile.startsWith(rest, lastBytes, last.size())) {
                    rest.close();
                    return Optional.empty();
                }
                return Optional.of(rest);
            } catch (IOException | RuntimeException e) {
                rest.close();
                throw e;
            }
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failures.local("cannot read " + entry.path() + " of " + snapshot.project(), e);
        }
    }

    /**
     * Where {@code id} and the objects it names can be read. While a copy into the clone runs, the
     * clone may hold a chunk tree before the blobs it names (their pack is linked later), so the
     * cluster is read whenever it has the object; the clone otherwise (content that only an
     * earlier history of the branch held).
     */
    private static FileRepository objects(ProjectClone clone, LocalCluster.Copy copy, ObjectId id) throws IOException {
        return copy != null && copy.source().getObjectDatabase().has(id) ? copy.source() : clone.repository();
    }

    /** The chunks of {@code id} when it is a well-formed chunk tree, else empty. */
    private static Optional<List<ChunkedFile.Chunk>> chunkTree(FileRepository repo, ObjectId id) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            if (!ChunkedFile.mayBeChunkTree(reader, id)) {
                return Optional.empty();
            }
            return ChunkedFile.read(reader, id);
        }
    }

    /** A blob, a chunk tree's concatenation, or the union of both versions of a transcript, by content id. */
    private InputStream open(FileRepository repo, String contentId) throws IOException {
        Optional<ObjectId[]> both = TwoVersions.parse(contentId);
        if (both.isPresent()) {
            InputStream chunks = chunks(repo, both.get()[0]);
            try {
                return TwoVersions.union(chunks, repo.open(both.get()[1], Constants.OBJ_BLOB).openStream(),
                        context.cacheDir().resolve(".tmp"));
            } finally {
                chunks.close();
            }
        }
        ObjectId id = ObjectId.fromString(contentId);
        // One open: a small object is inflated whole by open(), so asking for its type first and
        // opening it again would inflate every blob twice.
        ObjectLoader loader = repo.open(id);
        return switch (loader.getType()) {
            case Constants.OBJ_TREE -> chunks(repo, id);
            case Constants.OBJ_BLOB -> loader.openStream();
            default -> throw new IncorrectObjectTypeException(id, Constants.OBJ_BLOB);
        };
    }

    private static InputStream chunks(FileRepository repo, ObjectId tree) throws IOException {
        try (ObjectReader reader = repo.newObjectReader()) {
            List<ChunkedFile.Chunk> chunks = ChunkedFile.read(reader, tree)
                    .orElseThrow(() -> new IncorrectObjectTypeException(tree, "chunk tree"));
            return ChunkedFile.open(repo, chunks);
        }
    }

    @Override
    public SnapshotToken publish(ProjectId project, SnapshotToken expected, Changeset changes) {
        return publish(project, expected, changes, false);
    }

    /** A root commit, and the branch moved to it by a forced update that still names the old tip. */
    @Override
    public SnapshotToken publishReplacingHistory(ProjectId project, SnapshotToken expected, Changeset changes) {
        return publish(project, expected, changes, true);
    }

    @Override
    public boolean replacesHistory() {
        return true;
    }

    private SnapshotToken publish(ProjectId project, SnapshotToken expected, Changeset changes, boolean replace) {
        ensureOpen();
        if (changes.isEmpty() && !replace) {
            return expected;
        }
        ProjectClone clone = clone(project);
        String branch = branch(project);
        try {
            awaitCopy(project);
        } catch (IOException | RuntimeException e) {
            throw failures.local("cannot copy " + branch + " into the local clone", e);
        }
        ObjectId base = expected.isAbsent() ? null : baseCommit(clone, project, expected);
        ObjectId commit;
        try {
            commit = new CommitComposer(clone.repository(), identity, chunking).compose(base, changes, replace);
        } catch (IOException e) {
            throw failures.local("cannot write the new snapshot of " + project + " in the local clone", e);
        }
        if (commit.equals(base)) {
            return expected;
        }
        try {
            if (local != null) {
                local.publish(clone, base, commit, replace);
            } else {
                new CasPush(connector, location).push(clone.repository(), branch, base, commit, replace);
            }
            clone.moveTo(commit);
            // The packs the commit went into; nothing else reads the clone during a publish.
            clone.consolidatePacks();
        } catch (ConvergenceException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw failures.remote(e);
        }
        return new SnapshotToken(commit.name());
    }

    /** The commit {@code expected} names, fetched when this clone has not seen it; stale when it is not current. */
    private ObjectId baseCommit(ProjectClone clone, ProjectId project, SnapshotToken expected) {
        ObjectId base;
        try {
            base = ObjectId.fromString(expected.value());
        } catch (IllegalArgumentException notACommitId) {
            throw stale(project, expected);
        }
        if (clone.hasObject(base)) {
            return base;
        }
        Optional<ObjectId> current;
        try {
            current = fetch(clone);
        } catch (IOException | RuntimeException e) {
            throw failures.remote(e);
        }
        if (current.isEmpty() || !current.get().equals(base)) {
            throw stale(project, expected);
        }
        return base;
    }

    /** The project's commit in the cluster, now also in the clone; empty when the project does not exist. */
    private Optional<ObjectId> fetch(ProjectClone clone) throws IOException {
        return local != null ? local.fetchInto(clone) : clone.fetch(connector);
    }

    private synchronized LocalCluster.Copy copy(ProjectId project) {
        return copies.get(project);
    }

    private synchronized void putCopy(ProjectId project, LocalCluster.Copy copy) {
        copies.put(project, copy);
    }

    /** Waits until a background copy into the project's clone is complete, so the clone holds the snapshot read last. */
    private void awaitCopy(ProjectId project) throws IOException {
        LocalCluster.Copy copy;
        synchronized (this) {
            copy = copies.remove(project);
        }
        if (copy != null) {
            try (copy) {
                copy.await();
            }
        }
    }

    private StaleSnapshotException stale(ProjectId project, SnapshotToken expected) {
        return new StaleSnapshotException(branch(project) + " in " + location + " is no longer at " + expected,
                "read the project again, merge, and publish again");
    }

    /** JGit's file repository reads are thread-safe, and the clone lookup is synchronized. */
    @Override
    public boolean supportsConcurrentOpen() {
        return true;
    }

    private synchronized ProjectClone clone(ProjectId project) {
        ProjectClone clone = clones.get(project);
        if (clone == null) {
            try {
                clone = ProjectClone.openOrCreate(context.cacheDir().resolve(project.value()), branch(project));
            } catch (IOException e) {
                throw failures.local("cannot create the local clone of " + project + " in " + context.cacheDir(), e);
            }
            clones.put(project, clone);
        }
        return clone;
    }

    static String branch(ProjectId project) {
        return PROJECT_PREFIX + project.value();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("transport to " + location + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        copies.values().forEach(LocalCluster.Copy::close);
        copies.clear();
        // The packs fetches brought; nothing reads the clones any more.
        clones.values().forEach(ProjectClone::consolidatePacks);
        clones.values().forEach(ProjectClone::close);
        clones.clear();
        connector.close();
    }

    /** "convergence &lt;convergence@localhost&gt;" unless the environment names someone; the time honours CONVERGENCE_NOW. */
    private static PersonIdent identity(Map<String, String> env) {
        String name = env.getOrDefault("CONVERGENCE_GIT_AUTHOR_NAME", "convergence");
        String email = env.getOrDefault("CONVERGENCE_GIT_AUTHOR_EMAIL", "convergence@localhost");
        String now = env.get("CONVERGENCE_NOW");
        if (now != null) {
            try {
                return new PersonIdent(name, email, Instant.parse(now), ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                // an unusable override falls back to the clock
            }
        }
        return new PersonIdent(name, email);
    }
}
