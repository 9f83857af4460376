package dev.convergence.transport.git;

import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.util.FS;

/**
 * Recognises a Convergence cluster and sets up a new one: a repository whose {@code main}
 * branch holds the machine-managed README, or that already has {@code project/*} branches.
 * Anything else with refs belongs to someone else and is never touched.
 */
final class ClusterSetup {

    static final String MAIN = "refs/heads/main";
    static final String README = "README.md";
    static final String README_TEXT = """
            # Convergence cluster

            This repository is machine-managed by Convergence: it carries Claude Code project context
            (session transcripts and memory files) between the machines of one person. Each project is
            an orphan branch `project/<id>` holding `roster.json` and `context/`.

            Do not edit it by hand, and keep it PRIVATE: transcripts hold whatever was said, read or
            run in a session, including code, file contents and possibly secrets.
            """;

    private final ClusterLocation location;
    private final RemoteConnector connector;
    private final GitFailures failures;
    private final Path mainClone;
    private final PersonIdent identity;

    ClusterSetup(ClusterLocation location, RemoteConnector connector, GitFailures failures, Path mainClone,
                 PersonIdent identity) {
        this.location = location;
        this.connector = connector;
        this.failures = failures;
        this.mainClone = mainClone;
        this.identity = identity;
    }

    void ensure(boolean create) throws IOException {
        if (location.localPath().isPresent()) {
            prepareLocalRepository(location.localPath().get(), create);
        }
        if (isCluster()) {
            return;
        }
        if (!create) {
            throw new TransportException(location + " is an empty repository, not a Convergence cluster yet",
                    "run init to set it up as a cluster");
        }
        try {
            publishMain();
        } catch (StaleSnapshotException raced) {
            if (!isCluster()) {
                throw raced;
            }
        }
    }

    /** True for a cluster, false for an empty repository; anything else is refused. */
    private boolean isCluster() throws IOException {
        Collection<Ref> refs = connector.allAdvertisedRefs();
        if (refs.stream().anyMatch(r -> r.getName().startsWith(GitTransport.PROJECT_PREFIX))) {
            return true;
        }
        Optional<Ref> main = refs.stream().filter(r -> r.getName().equals(MAIN)).findFirst();
        if (main.isPresent() && mainHasReadme()) {
            return true;
        }
        if (refs.stream().anyMatch(r -> !r.isSymbolic() && r.getName().startsWith("refs/"))) {
            throw notACluster("it has branches but no machine-managed README on main and no project/* branch");
        }
        return false;
    }

    private boolean mainHasReadme() throws IOException {
        try (ProjectClone clone = ProjectClone.openOrCreate(mainClone, MAIN)) {
            Optional<ObjectId> commit = clone.fetch(connector);
            if (commit.isEmpty()) {
                return false;
            }
            FileRepository repo = clone.repository();
            try (ObjectReader reader = repo.newObjectReader(); RevWalk rw = new RevWalk(reader)) {
                TreeWalk tw = TreeWalk.forPath(reader, README, rw.parseCommit(commit.get()).getTree());
                if (tw == null) {
                    return false;
                }
                byte[] text = reader.open(tw.getObjectId(0), Constants.OBJ_BLOB).getCachedBytes(1 << 20);
                return new String(text, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("convergence");
            }
        }
    }

    private void publishMain() throws IOException {
        try (ProjectClone clone = ProjectClone.openOrCreate(mainClone, MAIN)) {
            FileRepository repo = clone.repository();
            ObjectId commit;
            try (ObjectInserter inserter = repo.newObjectInserter()) {
                ObjectId blob = inserter.insert(Constants.OBJ_BLOB, README_TEXT.getBytes(StandardCharsets.UTF_8));
                TreeFormatter tree = new TreeFormatter();
                tree.append(README, FileMode.REGULAR_FILE, blob);
                CommitBuilder cb = new CommitBuilder();
                cb.setTreeId(inserter.insert(tree));
                cb.setAuthor(identity);
                cb.setCommitter(identity);
                cb.setMessage("Set up a Convergence cluster\n");
                commit = inserter.insert(cb);
                inserter.flush();
            }
            new CasPush(connector, location).push(repo, MAIN, null, commit, false);
            clone.moveTo(commit);
        }
    }

    private void prepareLocalRepository(Path dir, boolean create) throws IOException {
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            File gitDir = RepositoryCache.FileKey.resolve(dir.toFile(), FS.DETECTED);
            if (gitDir == null) {
                throw notACluster("it is not a git repository");
            }
            try (FileRepository repo = new FileRepository(gitDir)) {
                keepGcInTheForeground(repo);
            }
            return;
        }
        if (!create) {
            throw new TransportException("no cluster at " + location + ": the directory is missing or empty",
                    "check the path, or run init to create a cluster there");
        }
        Files.createDirectories(dir);
        try (FileRepository repo = new FileRepository(dir.toFile())) {
            repo.create(true);
            RefUpdate head = repo.updateRef(Constants.HEAD);
            head.disableRefLog();
            head.link(MAIN);
            keepGcInTheForeground(repo);
        } catch (IOException e) {
            throw failures.local("cannot create a cluster repository at " + location, e);
        }
    }

    /**
     * A push to a local path is received inside this JVM, and JGit would then run its automatic
     * gc on a background thread that outlives the publish (and dies with the process, leaving a
     * stale gc lock). In the foreground, the check is cheap and an occasional repack is bounded.
     */
    private static void keepGcInTheForeground(FileRepository repo) throws IOException {
        StoredConfig config = repo.getConfig();
        if (config.getBoolean(ConfigConstants.CONFIG_GC_SECTION, ConfigConstants.CONFIG_KEY_AUTODETACH, true)) {
            config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
            config.save();
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        }
    }

    private TransportException notACluster(String why) {
        return new TransportException(location + " is not a Convergence cluster: " + why,
                "give the address of a cluster, or of an empty private repository for a new one");
    }
}
