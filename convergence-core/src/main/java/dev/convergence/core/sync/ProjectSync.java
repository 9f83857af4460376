package dev.convergence.core.sync;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.NotFoundException;
import dev.convergence.api.Roster;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.Transport;
import dev.convergence.core.Environment;
import dev.convergence.core.rewrite.PathRewriter;
import dev.convergence.core.state.AtomicFiles;
import dev.convergence.core.state.BackupArchive;
import dev.convergence.core.state.Backups;
import dev.convergence.core.state.CrashPoint;
import dev.convergence.core.state.MachineConfig;
import dev.convergence.core.state.FileState;
import dev.convergence.core.state.MachineIdentity;
import dev.convergence.core.state.ProjectLock;
import dev.convergence.core.state.ProjectState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Push, pull and sync of one project: one locked pass over the three trees (local context dir,
 * cluster snapshot, and the base this machine last converged on, kept in its project state).
 */
public final class ProjectSync {

    /** What to do. */
    public enum Mode { PUSH, PULL, SYNC }

    private static final Duration LOCK_WAIT = Duration.ofSeconds(3);

    private final Environment env;
    private final List<dev.convergence.api.rewrite.RewriteTier> tiers;

    /** A sync that rewrites with the four built-in tiers. */
    public ProjectSync(Environment env) {
        this(env, PathRewriter.builtInTiers());
    }

    /** A sync that rewrites with {@code tiers} (the built-ins plus any a plugin adds). */
    public ProjectSync(Environment env, List<dev.convergence.api.rewrite.RewriteTier> tiers) {
        this.env = env;
        this.tiers = tiers.isEmpty() ? PathRewriter.builtInTiers() : List.copyOf(tiers);
    }

    /** This machine's layout for a registered project. */
    public static MachineLayout layout(Environment env, ProjectState state) {
        return new MachineLayout(MachineIdentity.of(env), env.os(), env.nativeForm(env.home()), state.projectRoot(),
                state.contextDir().getFileName().toString(), env.nativeForm(state.contextDir()));
    }

    public SyncReport run(ProjectState state, Transport transport, Mode mode, boolean dryRun) {
        return run(state, transport, mode, dryRun, SecretPolicy.none(), SyncProgress.NONE);
    }

    /** As {@link #run(ProjectState, Transport, Mode, boolean)}, scanning (and maybe redacting) what is pushed. */
    public SyncReport run(ProjectState state, Transport transport, Mode mode, boolean dryRun, SecretPolicy secrets) {
        return run(state, transport, mode, dryRun, secrets, SyncProgress.NONE);
    }

    /** Like {@link #run(ProjectState, Transport, Mode, boolean)}, reporting each file to {@code progress}. */
    public SyncReport run(ProjectState state, Transport transport, Mode mode, boolean dryRun, SyncProgress progress) {
        return run(state, transport, mode, dryRun, SecretPolicy.none(), progress);
    }

    /** The full form: secret policy for what is pushed, and a progress listener. */
    public SyncReport run(ProjectState state, Transport transport, Mode mode, boolean dryRun, SecretPolicy secrets,
                          SyncProgress progress) {
        try (ProjectLock lock = ProjectLock.acquire(env.convergenceHome(), state.id(), LOCK_WAIT)) {
            return runLocked(state, transport, mode, dryRun, secrets, progress);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SyncReport runLocked(ProjectState state, Transport transport, Mode mode, boolean dryRun, SecretPolicy secrets,
                                 SyncProgress progress) throws IOException {
        SyncReport report = new SyncReport(dryRun);
        refuseSymlinkedContextDir(state);
        Snapshot snapshot = transport.read(state.id());
        if (snapshot.isAbsent()) {
            throw new NotFoundException("project " + state.id() + " is not in the cluster " + transport.uri(),
                    "create it there with 'convergence init', or check the remote with 'convergence remote show'");
        }
        Roster roster = Rosters.read(transport, snapshot).orElseThrow(() -> new dev.convergence.api.GuardRefusedException(
                "the cluster's project " + state.id() + " has no roster.json", "the branch may have been edited by hand; restore it"));
        state.setRewriteHome(roster.rewriteHome());
        MachineLayout layout = layout(env, state);
        PathRewriter rewriter = PathRewriter.of(layout, new RewritePolicy(roster.rewriteHome()), tiers);
        AppendJournal journal = new AppendJournal(env.convergenceHome(), state.id(), state.contextDir());
        if (!dryRun) {
            AtomicFiles.removeLeftovers(state.contextDir());
            journal.recover(state, new Backups(env.convergenceHome(), state.id(), env.now()), report.diagnostics());
        }
        Path staging = Files.createTempDirectory(tempRoot(), state.id().value() + "-");
        try {
            SyncSetup setup = new SyncSetup(env, state, layout, rewriter, transport, staging, report.diagnostics(), secrets, progress);
            if (mode != Mode.PULL) {
                snapshot = push(setup, snapshot, roster, report);
            }
            CrashPoint.hit("sync.between-push-and-pull");
            if (mode != Mode.PUSH) {
                new Puller(setup, new Backups(env.convergenceHome(), state.id(), env.now()), journal).pull(snapshot, report);
            }
            refreshConflicts(state, report);
            if (!dryRun) {
                MachineConfig config = MachineConfig.load(env.convergenceHome());
                new BackupArchive(env.convergenceHome(), state.id()).prune(config.backupKeep(), config.backupMaxBytes());
            }
            if (!dryRun) {
                if (mode != Mode.PUSH || report.published()) {
                    state.converged(snapshot.token().value(), env.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                }
                state.setSettled(mode == Mode.SYNC && leftNothingPending(state, snapshot, report)
                        ? settledKey(snapshot.token().value(), state, layout) : "");
                CrashPoint.hit("state.before-save");
                state.save();
                CrashPoint.hit("state.after-save");
                journal.clear();
            }
            return report;
        } finally {
            deleteTree(staging);
        }
    }

    private Snapshot push(SyncSetup setup, Snapshot snapshot, Roster roster, SyncReport report) throws IOException {
        ProjectState state = setup.state();
        Map<String, LocalFile> local = ContextFiles.scan(state.contextDir(), state.syncSubfolders(), state.maxFileBytes(), report.diagnostics());
        Stager stager = new Stager(setup);
        java.util.Set<String> forgotten = Forgotten.read(setup.transport(), snapshot);
        List<LocalFile> todo = new ArrayList<>();
        for (LocalFile f : local.values()) {
            if (f.asRecorded(state.files().get(f.rel()))) {
                continue;
            }
            if (Forgotten.covers(forgotten, f.rel())) {
                report.diagnostics().add(new dev.convergence.api.Diagnostic(dev.convergence.api.Diagnostic.Severity.INFO,
                        "not pushed: its session was forgotten in the cluster (the local copy is kept)", f.rel()));
                continue;
            }
            todo.add(f);
        }
        setup.progress().total("push", todo.size(), todo.stream().mapToLong(LocalFile::size).sum());
        List<Stager.Staged> staged = new ArrayList<>();
        for (java.util.Optional<Stager.Staged> s : stageAll(setup, stager, todo, snapshot, roster)) {
            s.ifPresent(staged::add);
        }
        SecretPolicy secrets = setup.secrets();
        if (!secrets.findings().isEmpty()) {
            report.findings().addAll(secrets.findings());
            if (secrets.mode() == SecretPolicy.Mode.STRICT) {
                List<String> shown = secrets.findings().stream().limit(5)
                        .map(f -> f.path() + ":" + f.line() + " " + f.ruleId() + " " + f.masked()).toList();
                throw new dev.convergence.api.GuardRefusedException("push refused: " + secrets.findings().size()
                        + " secret(s) in what would be pushed (" + String.join("; ", shown)
                        + (secrets.findings().size() > 5 ? "; …" : "") + "); nothing was published",
                        "remove them, accept them with 'convergence scan --allow ID', or push with --redact");
            }
        }
        Publisher.Result result = new Publisher(setup).publish(snapshot, staged, roster, report);
        for (Publisher.Merged m : result.merged().values()) {
            if (!m.equalsCluster()) {
                report.pushed().add(m.rel());
            }
            if (m.conflict()) {
                report.conflicts().add(m.rel());
            }
        }
        if (report.dryRun()) {
            return snapshot;
        }
        for (Stager.Staged s : staged) {
            Publisher.Merged m = result.merged().get(s.rel());
            SnapshotEntry now = result.snapshot().entries().get(ContextFiles.CLUSTER_PREFIX + s.rel());
            if (now == null) {
                continue;
            }
            // When the merge changed this machine's text, the local file still descends from the
            // version it was made from, and stays the base of its next merge.
            FileState before = state.files().get(s.rel());
            String mergeBase = m.equalsMine() ? now.contentId() : before == null ? "" : before.mergeBase();
            state.files().put(s.rel(), new FileState(now.contentId(), s.source().size(), s.source().mtime(), s.tailHash(),
                    !m.equalsMine(), s.syncedBytes(), s.syncedLines(), mergeBase));
            if (m.conflict()) {
                state.conflicts().add(s.rel());
            }
        }
        return result.snapshot();
    }

    /** Files at least this many (and this many bytes) are staged on several threads. */
    private static final int PARALLEL_MIN_FILES = 4;
    private static final long PARALLEL_MIN_BYTES = 4L << 20;

    /**
     * Stages {@code todo} in order. Files new to this machine and to the cluster (an init, new
     * sessions) need no base from the transport, so they are canonicalized on a few threads, each
     * with its own rewriter; files with a base are staged here, one after another, so the transport
     * is only ever used from this thread. Results and diagnostics keep the files' order.
     */
    private List<java.util.Optional<Stager.Staged>> stageAll(SyncSetup setup, Stager stager, List<LocalFile> todo,
                                                                    Snapshot snapshot, Roster roster) throws IOException {
        ProjectState state = setup.state();
        List<Integer> fresh = new ArrayList<>();
        long freshBytes = 0;
        for (int i = 0; i < todo.size(); i++) {
            LocalFile f = todo.get(i);
            if (state.files().get(f.rel()) == null && !snapshot.entries().containsKey(ContextFiles.CLUSTER_PREFIX + f.rel())) {
                fresh.add(i);
                freshBytes += f.size();
            }
        }
        int threads = Math.min(4, Runtime.getRuntime().availableProcessors());
        List<java.util.Optional<Stager.Staged>> out = new ArrayList<>(java.util.Collections.nCopies(todo.size(), java.util.Optional.empty()));
        if (threads < 2 || fresh.size() < PARALLEL_MIN_FILES || freshBytes < PARALLEL_MIN_BYTES) {
            for (int i = 0; i < todo.size(); i++) {
                out.set(i, stager.stage(todo.get(i), snapshot));
                setup.progress().onFile(todo.get(i).rel(), todo.get(i).size());
            }
            return out;
        }
        RewritePolicy policy = new RewritePolicy(roster.rewriteHome());
        ThreadLocal<PathRewriter> rewriters = ThreadLocal.withInitial(() -> PathRewriter.of(setup.layout(), policy, tiers));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "stage");
            t.setDaemon(true);
            return t;
        });
        try {
            java.util.Map<Integer, java.util.concurrent.Future<Object[]>> futures = new java.util.HashMap<>();
            for (int i : fresh) {
                LocalFile f = todo.get(i);
                futures.put(i, pool.submit(() -> {
                    List<dev.convergence.api.Diagnostic> diagnostics = new ArrayList<>();
                    // Same secret policy (thread-safe) as the calling thread: new files are scanned and redacted too.
                    SyncSetup own = new SyncSetup(setup.env(), state, setup.layout(), rewriters.get(), setup.transport(),
                            setup.staging(), diagnostics, setup.secrets(), SyncProgress.NONE);
                    return new Object[] {new Stager(own).stage(f, snapshot), diagnostics};
                }));
            }
            List<List<dev.convergence.api.Diagnostic>> diagnostics = new ArrayList<>(java.util.Collections.nCopies(todo.size(), List.of()));
            for (int i = 0; i < todo.size(); i++) {
                if (!futures.containsKey(i)) {
                    List<dev.convergence.api.Diagnostic> mine = new ArrayList<>();
                    SyncSetup own = new SyncSetup(setup.env(), state, setup.layout(), setup.rewriter(), setup.transport(),
                            setup.staging(), mine, setup.secrets(), SyncProgress.NONE);
                    out.set(i, new Stager(own).stage(todo.get(i), snapshot));
                    diagnostics.set(i, mine);
                }
            }
            for (Map.Entry<Integer, java.util.concurrent.Future<Object[]>> e : futures.entrySet()) {
                Object[] r = WorkerResult.await(e.getValue(), "staging");
                @SuppressWarnings("unchecked")
                java.util.Optional<Stager.Staged> staged = (java.util.Optional<Stager.Staged>) r[0];
                @SuppressWarnings("unchecked")
                List<dev.convergence.api.Diagnostic> d = (List<dev.convergence.api.Diagnostic>) r[1];
                out.set(e.getKey(), staged);
                diagnostics.set(e.getKey(), d);
            }
            todo.forEach(f -> setup.progress().onFile(f.rel(), f.size()));
            diagnostics.forEach(setup.diagnostics()::addAll);
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The report of a sync that has nothing to do, made without opening the cluster; empty when
     * there may be something to do (then run the full sync). Nothing to do means: the last full
     * sync left nothing pending at {@code clusterToken} with this machine's layout and settings
     * (see {@link ProjectState#settled()}), no interrupted append waits to be finished, and no
     * local file changed, appeared or needs attention since. Holds the project lock, as a full sync does, and records
     * the convergence as a full sync would (the project state's time, nothing in the cluster).
     */
    public static java.util.Optional<SyncReport> nothingToDo(Environment env, ProjectState state,
                                                             java.util.Optional<dev.convergence.api.transport.SnapshotToken> clusterToken,
                                                             Mode mode, boolean dryRun) {
        if (dryRun || clusterToken.isEmpty() || state.settled().isEmpty()) {
            return java.util.Optional.empty();
        }
        try (ProjectLock lock = ProjectLock.acquire(env.convergenceHome(), state.id(), LOCK_WAIT)) {
            // Read again under the lock: a sync that ran meanwhile may have changed it.
            ProjectState now = ProjectState.load(env.convergenceHome(), state.id()).orElse(null);
            if (now == null || !now.conflicts().isEmpty()
                    || !now.settled().equals(settledKey(clusterToken.get().value(), now, layout(env, now)))
                    || new AppendJournal(env.convergenceHome(), now.id(), now.contextDir()).anyLeft()) {
                return java.util.Optional.empty();
            }
            refuseSymlinkedContextDir(now);
            AtomicFiles.removeLeftovers(now.contextDir());
            List<dev.convergence.api.Diagnostic> diagnostics = new ArrayList<>();
            Map<String, LocalFile> local = ContextFiles.scan(now.contextDir(), now.syncSubfolders(), now.maxFileBytes(), diagnostics);
            if (!diagnostics.isEmpty()) {
                return java.util.Optional.empty();
            }
            for (LocalFile f : local.values()) {
                if (!f.asRecorded(now.files().get(f.rel()))) {
                    return java.util.Optional.empty();
                }
            }
            if (mode != Mode.PUSH) {
                now.converged(clusterToken.get().value(), env.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                now.save();
            }
            return java.util.Optional.of(new SyncReport(false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether a sync left nothing for the next one to do as long as the cluster stays at
     * {@code snapshot}: no warning or error (a file it could not pull is tried again), no conflict
     * or secret finding, and every cluster file this machine takes is pulled at its current id.
     */
    private static boolean leftNothingPending(ProjectState state, Snapshot snapshot, SyncReport report) {
        if (!report.conflicts().isEmpty() || !state.conflicts().isEmpty() || !report.findings().isEmpty()
                || report.diagnostics().stream().anyMatch(d -> d.severity() != dev.convergence.api.Diagnostic.Severity.INFO)) {
            return false;
        }
        for (SnapshotEntry e : snapshot.entries().values()) {
            String rel = ContextFiles.pulledPath(e.path(), state.syncSubfolders());
            if (rel == null) {
                continue;
            }
            FileState st = state.files().get(rel);
            if (st == null || !st.clusterId().equals(e.contentId()) || st.localStale()) {
                return false;
            }
        }
        return true;
    }

    /** The cluster's token with everything about this machine that decides what a sync would do there. */
    private static String settledKey(String token, ProjectState state, MachineLayout layout) {
        return String.join(" | ", token, layout.machineId(), layout.os().name(), layout.home(), layout.projectRoot(),
                layout.encodedDir(), layout.contextDir(), "subfolders=" + state.syncSubfolders(),
                "max=" + state.maxFileBytes(), "follow=" + state.followSymlinks());
    }

    /** A context dir that is a symlink may point anywhere: follow it only when the user said so. */
    private static void refuseSymlinkedContextDir(ProjectState state) throws IOException {
        Path dir = state.contextDir();
        if (Files.isSymbolicLink(dir) && !state.followSymlinks()) {
            throw new dev.convergence.api.BadInputException("the context dir " + dir + " is a symbolic link to " + Files.readSymbolicLink(dir),
                    "sync through it only if that is intended: run the command again with --follow-symlinks");
        }
    }

    private static void refreshConflicts(ProjectState state, SyncReport report) throws IOException {
        for (String rel : new ArrayList<>(state.conflicts())) {
            Path p = state.contextDir().resolve(rel);
            if (!Files.isRegularFile(p) || !Files.readString(p).contains(TextMerge.MINE_MARKER)) {
                state.conflicts().remove(rel);
            } else if (!report.conflicts().contains(rel)) {
                report.conflicts().add(rel);
            }
        }
    }

    private Path tempRoot() throws IOException {
        Path tmp = env.convergenceHome().resolve("tmp");
        Files.createDirectories(tmp);
        return tmp;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // Scratch space only; a leftover is cleaned on a later run.
        }
    }
}
