package dev.convergence.core.project;

import dev.convergence.api.BadInputException;
import dev.convergence.api.NotFoundException;
import dev.convergence.api.ProjectId;
import dev.convergence.api.Roster;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.core.Environment;
import dev.convergence.core.ProviderRegistry;
import dev.convergence.core.crypto.EncryptingTransport;
import dev.convergence.core.crypto.LocalKeys;
import dev.convergence.core.rewrite.ClaudePaths;
import dev.convergence.core.state.ProjectState;
import dev.convergence.core.sync.ProjectSync;
import dev.convergence.core.sync.SyncProgress;
import dev.convergence.core.sync.SyncReport;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.core.roster.RosterCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Registering projects on this machine (init, join), finding them, and opening their cluster. */
public final class Projects {

    private final Environment env;
    private final ProviderRegistry registry;
    private Optional<String> passphrase = Optional.empty();

    public Projects(Environment env, ProviderRegistry registry) {
        this.env = env;
        this.registry = registry;
    }

    /** The passphrase of encrypted projects for this run (else {@code CONVERGENCE_PASSPHRASE}). */
    public void usePassphrase(String passphrase) {
        this.passphrase = Optional.ofNullable(passphrase);
    }

    public Environment env() {
        return env;
    }

    /** The rewrite tiers syncs use: the built-ins and any a plugin adds. */
    public List<dev.convergence.api.rewrite.RewriteTier> rewriteTiers() {
        return registry.tiers();
    }

    /** The secret scanners discovered (built-in and plugins). */
    public List<dev.convergence.api.scan.SecretScanner> scanners() {
        return registry.scanners();
    }

    /** Opens the transport for a cluster, refusing locations that would tangle with Claude Code's own files. */
    public Transport open(ClusterUri uri) {
        return open(uri, Map.of());
    }

    /** Opens a registered project's cluster with the options it was joined with. */
    public Transport open(ClusterUri uri, ProjectState state) {
        return open(uri, state.transportOptions());
    }

    public Transport open(ClusterUri uri, Map<String, String> options) {
        return openEncrypting(uri, options);
    }

    /**
     * The cluster's transport behind the end-to-end encryption decorator, which passes cleartext
     * projects through and encrypts and decrypts encrypted ones (see docs/encryption.md).
     */
    public EncryptingTransport openEncrypting(ClusterUri uri, Map<String, String> options) {
        return new EncryptingTransport(openRaw(uri, options), LocalKeys.of(env, passphrase));
    }

    private Transport openRaw(ClusterUri uri, Map<String, String> options) {
        return registry.open(uri, context(uri, options));
    }

    /**
     * A registered project's current snapshot token in its cluster, when the transport can read
     * it without opening the cluster (one on a local disk); see {@code TransportProvider.peekToken}.
     */
    public Optional<SnapshotToken> peekToken(ClusterUri uri, ProjectState state) {
        return registry.peekToken(uri, state.id(), context(uri, state.transportOptions()));
    }

    private TransportContext context(ClusterUri uri, Map<String, String> options) {
        Path clones = env.convergenceHome().resolve("clones");
        refuseInsideProjects(clones, "the clone directory");
        if (uri.scheme().equals("dir") || (uri.scheme().equals("file") && !uri.location().startsWith("file:"))) {
            String loc = uri.location().startsWith("file:") ? uri.location().replaceFirst("^file:(//)?", "") : uri.location();
            if (!loc.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
                refuseInsideProjects(Path.of(loc).toAbsolutePath().normalize(), "the cluster");
            }
        }
        return new TransportContext(clones, env.home(), env.variables(), options);
    }

    private void refuseInsideProjects(Path dir, String what) {
        Path projects = env.projectsDir();
        if (dir.startsWith(projects) || projects.startsWith(dir)) {
            throw new BadInputException(what + " " + dir + " lies inside or above Claude Code's projects dir " + projects,
                    "choose a location outside " + projects + " (Claude Code owns that folder)");
        }
    }

    /** The project root a user named: must be an existing directory. */
    public Path root(Path given) {
        Path root = given.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new BadInputException("project root " + root + (Files.exists(root) ? " is not a directory" : " does not exist"),
                    "give the directory you run Claude Code in");
        }
        return root;
    }

    public ProjectId idFor(Path root, Optional<String> flag) {
        String name = flag.orElse(root.getFileName() == null ? "" : root.getFileName().toString());
        if (!ProjectId.isValid(name)) {
            throw new BadInputException("the folder name '" + name + "' cannot be a project id",
                    "name the project with --project-id (letters, digits, '.', '_', '-')");
        }
        return ProjectId.of(name);
    }

    /** A new registration of {@code root} on this machine (not saved yet). */
    public ProjectState register(Path root, ProjectId id, ClusterUri uri) {
        String nativeRoot = env.nativeForm(root);
        Path contextDir = env.projectsDir().resolve(ClaudePaths.encode(nativeRoot));
        return ProjectState.create(env.convergenceHome(), id, nativeRoot, contextDir.toString(), uri.toString());
    }

    /** What init did. */
    public record InitResult(ProjectState state, SyncReport report, boolean rememberedDefault) {
    }

    public InitResult init(Path givenRoot, Optional<String> remoteFlag, Optional<String> idFlag, boolean rewriteHome) {
        return init(givenRoot, remoteFlag, idFlag, rewriteHome, Map.of());
    }

    public InitResult init(Path givenRoot, Optional<String> remoteFlag, Optional<String> idFlag, boolean rewriteHome,
                           Map<String, String> options) {
        return init(givenRoot, remoteFlag, idFlag, rewriteHome, options, false, SyncProgress.NONE);
    }

    public InitResult init(Path givenRoot, Optional<String> remoteFlag, Optional<String> idFlag, boolean rewriteHome,
                           Map<String, String> options, SyncProgress progress) {
        return init(givenRoot, remoteFlag, idFlag, rewriteHome, options, false, progress);
    }

    /** Init; with {@code encrypt} the project is end-to-end encrypted from its first publish. */
    public InitResult init(Path givenRoot, Optional<String> remoteFlag, Optional<String> idFlag, boolean rewriteHome,
                           Map<String, String> options, boolean encrypt, SyncProgress progress) {
        Path root = root(givenRoot);
        ProjectId id = idFor(root, idFlag);
        ClusterUri uri = Remotes.resolve(env, remoteFlag, Optional.empty());
        Optional<ProjectState> existing = ProjectState.load(env.convergenceHome(), id);
        if (existing.isPresent() && !existing.get().projectRoot().equals(env.nativeForm(root))) {
            throw new BadInputException("project id " + id + " is already registered here for " + existing.get().projectRoot(),
                    "choose another id with --project-id");
        }
        try (EncryptingTransport t = openEncrypting(uri, options)) {
            t.ensureCluster(true);
            if (!t.read(id).isAbsent()) {
                throw new BadInputException("project " + id + " already exists in the cluster " + uri,
                        "join it with 'convergence join " + root + "', or pick another id with --project-id");
            }
            ProjectState state = register(root, id, uri);
            state.setRewriteHome(rewriteHome);
            state.transportOptions().putAll(options);
            Roster roster = Roster.create(id, rewriteHome);
            if (encrypt) {
                t.encryptNext(id);
            }
            t.publish(id, SnapshotToken.ABSENT, new Changeset(Map.of(RosterCodec.FILE, Content.of(RosterCodec.write(roster))),
                    Set.of(), "convergence: create project " + id));
            SyncReport report = new ProjectSync(env, rewriteTiers()).run(state, t, ProjectSync.Mode.SYNC, false, progress);
            boolean remembered = Remotes.rememberFirst(env, uri);
            return new InitResult(state, report, remembered);
        }
    }

    public InitResult join(Path givenRoot, Optional<String> remoteFlag, Optional<String> idFlag) {
        return join(givenRoot, remoteFlag, idFlag, Map.of());
    }

    public InitResult join(Path givenRoot, Optional<String> remoteFlag, Optional<String> idFlag, Map<String, String> options) {
        return join(givenRoot, remoteFlag, idFlag, options, SyncProgress.NONE);
    }

    public InitResult join(Path givenRoot, Optional<String> remoteFlag, Optional<String> idFlag, Map<String, String> options,
                           SyncProgress progress) {
        Path root = root(givenRoot);
        ClusterUri uri = Remotes.resolve(env, remoteFlag, Optional.empty());
        try (Transport t = open(uri, options)) {
            t.ensureCluster(false);
            List<ProjectId> all = t.listProjects();
            ProjectId id = idFor(root, idFlag);
            if (!all.contains(id)) {
                throw new NotFoundException("the cluster " + uri + " has no project " + id
                        + (all.isEmpty() ? " (it holds no projects yet)" : " (it holds: " + String.join(", ", all.stream().map(ProjectId::value).toList()) + ")"),
                        "name one with --project-id, or create it with 'convergence init'");
            }
            ProjectState state = ProjectState.load(env.convergenceHome(), id).orElseGet(() -> register(root, id, uri));
            state.transportOptions().putAll(options);
            SyncReport report = new ProjectSync(env, rewriteTiers()).run(state, t, ProjectSync.Mode.SYNC, false, progress);
            boolean remembered = Remotes.rememberFirst(env, uri);
            return new InitResult(state, report, remembered);
        }
    }

    public List<ProjectId> list(Optional<String> remoteFlag, Map<String, String> options) {
        ClusterUri uri = Remotes.resolve(env, remoteFlag, Optional.empty());
        try (Transport t = open(uri, options)) {
            t.ensureCluster(false);
            return t.listProjects();
        }
    }

    /** Every project of a cluster with its sessions, size, machines and last activity, read from its snapshot. */
    public List<ProjectSummary> summaries(Optional<String> remoteFlag, Map<String, String> options) {
        ClusterUri uri = Remotes.resolve(env, remoteFlag, Optional.empty());
        try (Transport t = open(uri, options)) {
            t.ensureCluster(false);
            List<ProjectSummary> out = new java.util.ArrayList<>();
            for (ProjectId id : t.listProjects()) {
                dev.convergence.api.transport.Snapshot snapshot = t.read(id);
                out.add(ProjectSummary.of(snapshot, dev.convergence.core.sync.Rosters.read(t, snapshot)));
            }
            return out;
        }
    }

    /**
     * The registered project for a root the user gave, or, without one, the registered project
     * whose root contains the current directory (the deepest such root).
     */
    public ProjectState resolve(Optional<Path> givenRoot) {
        // One corrupt state file must not stop every other project; it is reported when nothing else matches.
        List<dev.convergence.api.ConfigException> corrupt = new java.util.ArrayList<>();
        List<ProjectState> all = ProjectState.loadAll(env.convergenceHome(), corrupt);
        if (givenRoot.isPresent()) {
            String nativeRoot = env.nativeForm(givenRoot.get().toAbsolutePath().normalize());
            Optional<ProjectState> match = all.stream().filter(s -> s.projectRoot().equals(nativeRoot)).findFirst();
            if (match.isEmpty() && !corrupt.isEmpty()) {
                throw corrupt.get(0);
            }
            return match.orElseThrow(() -> new NotFoundException("no project is registered here for " + nativeRoot,
                            "run 'convergence init " + givenRoot.get() + "' or 'convergence join " + givenRoot.get() + "' first"));
        }
        Path cwd = env.workingDir();
        Optional<ProjectState> found = deepestContaining(env, all, cwd);
        if (found.isEmpty() && !corrupt.isEmpty()) {
            throw corrupt.get(0);
        }
        return found.orElseThrow(() -> new NotFoundException(
                "the current directory " + cwd + " is in no registered project",
                "give the project root, or register it with 'convergence init ROOT' or 'convergence join ROOT'"));
    }

    /**
     * The registered project whose root is {@code dir} or contains it (the deepest such root).
     * Reads only local state: no provider is loaded, nothing touches the network.
     */
    public static Optional<ProjectState> containing(Environment env, Path dir) {
        return deepestContaining(env, ProjectState.loadAll(env.convergenceHome(), new java.util.ArrayList<>()), dir);
    }

    private static Optional<ProjectState> deepestContaining(Environment env, List<ProjectState> all, Path dir) {
        ProjectState best = null;
        for (ProjectState s : all) {
            Path root = env.fromNative(s.projectRoot());
            if (dir.startsWith(root) && (best == null || root.getNameCount() > env.fromNative(best.projectRoot()).getNameCount())) {
                best = s;
            }
        }
        return Optional.ofNullable(best);
    }

    public List<ProjectState> all() {
        return ProjectState.loadAll(env.convergenceHome());
    }
}
