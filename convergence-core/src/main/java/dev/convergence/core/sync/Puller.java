package dev.convergence.core.sync;

import dev.convergence.api.Diagnostic;
import dev.convergence.api.GuardRefusedException;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.core.rewrite.FileKind;
import dev.convergence.core.state.AtomicFiles;
import dev.convergence.core.state.Backups;
import dev.convergence.core.state.CrashPoint;
import dev.convergence.core.state.FileState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Writes cluster changes into the local context dir: only files that changed in the cluster since
 * this machine last localized them (or that a merge left stale), never a file with local changes
 * not pushed yet, never a file Claude Code cleaned up unless it changed in the cluster since.
 * Each write is backed up, atomic, re-checked against a concurrent append, and stamped with the
 * time of its newest record so Claude Code's session picker orders it right. A transcript that
 * only grew in the cluster while the local copy stayed as it was synced costs what was appended:
 * when the transport can prove the append ({@link dev.convergence.api.transport.Transport#openAppended}),
 * only the new lines are localized and appended to the live file, through the {@link AppendJournal}.
 * Such a file is not backed up: what it held before is its own first bytes.
 */
final class Puller {

    private final SyncSetup setup;
    private final Backups backups;
    private final AppendJournal journal;

    Puller(SyncSetup setup, Backups backups, AppendJournal journal) {
        this.setup = setup;
        this.backups = backups;
        this.journal = journal;
    }

    void pull(Snapshot snapshot, SyncReport report) throws IOException {
        SnapshotGuard.check(snapshot, setup.state().maxFileBytes());
        Map<String, FileState> files = setup.state().files();
        java.util.List<Chosen> chosen = new java.util.ArrayList<>();
        java.util.List<Pending> pending = new java.util.ArrayList<>();
        for (SnapshotEntry e : snapshot.entries().values()) {
            String rel = ContextFiles.pulledPath(e.path(), setup.state().syncSubfolders());
            if (rel == null) {
                continue;
            }
            FileState st = files.get(rel);
            Path target = setup.contextDir().resolve(rel);
            boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
            if (st != null && e.contentId().equals(st.clusterId()) && (!st.localStale() || !exists)) {
                continue;
            }
            if (exists && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                report.diagnostics().add(Diagnostic.error(rel, "not pulled: the local path is not a regular file"));
                continue;
            }
            if (exists && (st == null || !unchanged(target, st))) {
                report.diagnostics().add(Diagnostic.warning(rel, "not pulled yet: it has local changes that are not pushed (run sync)"));
                continue;
            }
            report.pulled().add(rel);
            chosen.add(new Chosen(rel, e, target, exists ? st : null));
        }
        setup.progress().total("pull", chosen.size(), chosen.stream().mapToLong(c -> Math.max(0, c.entry().size())).sum());
        if (report.dryRun()) {
            return;
        }
        // Every new file's content is made durable (in parallel, each as soon as it is ready),
        // then each is checked, backed up and renamed into place, and each directory touched is
        // synced once.
        try (AtomicFiles.Syncer syncer = new AtomicFiles.Syncer()) {
            java.util.List<Chosen> whole = new java.util.ArrayList<>();
            for (Chosen c : chosen) {
                java.util.Optional<InputStream> appended = appendable(c)
                        ? setup.transport().openAppended(snapshot, c.entry(), c.local().clusterId()) : java.util.Optional.empty();
                if (appended.isEmpty()) {
                    whole.add(c);
                    continue;
                }
                Pending p = prepareAppend(c, appended.get());
                pending.add(p);
                syncer.submit(p.tmp());
                setup.progress().onFile(c.rel(), Math.max(0, c.entry().size()));
            }
            pending.addAll(prepareAll(whole, snapshot, syncer));
            syncer.await();
        }
        if (pending.isEmpty()) {
            return;
        }
        java.util.Set<Path> dirs = new java.util.LinkedHashSet<>();
        try {
            for (Pending p : pending) {
                try {
                    Path dir = p.append() ? installAppend(p, report) : install(p, report);
                    if (dir != null) {
                        dirs.add(dir);
                    }
                } catch (java.nio.file.FileSystemException ex) {
                    report.pulled().remove(p.rel());
                    report.diagnostics().add(Diagnostic.error(p.rel(), "not pulled: cannot write "
                            + (ex.getFile() == null ? "it" : ex.getFile()) + " ("
                            + (ex.getReason() == null ? ex.getClass().getSimpleName() : ex.getReason()) + "); the local file is unchanged"));
                }
            }
        } finally {
            AtomicFiles.syncDirectories(dirs);
        }
    }

    /** A file the cluster changed that this pull will write. */
    private record Chosen(String rel, SnapshotEntry entry, Path target, FileState local) {
    }

    /**
     * A cluster file localized into the staging dir, waiting to be renamed into place; or, with
     * {@code append}, only its new lines, localized into a journal block, waiting to be appended.
     */
    private record Pending(String rel, SnapshotEntry entry, Path target, FileState local, Path tmp, long synced, FileTime mtime,
                           boolean append) {
    }

    private static boolean unchanged(Path target, FileState st) throws IOException {
        return Files.size(target) == st.localSize() && Files.getLastModifiedTime(target).toMillis() == st.localMtime();
    }

    /** Files at least this many and this large are localized on two threads. */
    private static final int PARALLEL_MIN_FILES = 4;
    private static final long PARALLEL_MIN_BYTES = 4L << 20;

    /**
     * Localizes the chosen files into the staging dir, in order. The transport is only used from
     * this thread (streams are opened here, as the SPI allows one thread at a time); the CPU-bound
     * localizing runs on two worker threads, with a bounded number of streams open at once.
     */
    private java.util.List<Pending> prepareAll(java.util.List<Chosen> chosen, Snapshot snapshot, AtomicFiles.Syncer syncer)
            throws IOException {
        java.util.List<Pending> out = new java.util.ArrayList<>();
        long bytes = chosen.stream().mapToLong(c -> Math.max(0, c.entry().size())).sum();
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        if (threads < 2 || chosen.size() < PARALLEL_MIN_FILES || bytes < PARALLEL_MIN_BYTES) {
            for (Chosen c : chosen) {
                Pending p = prepare(c, setup.transport().open(snapshot, c.entry()));
                out.add(p);
                syncer.submit(p.tmp());
                setup.progress().onFile(c.rel(), Math.max(0, c.entry().size()));
            }
            return out;
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "localize");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(threads * 2);
        java.util.List<java.util.concurrent.Future<Pending>> futures = new java.util.ArrayList<>();
        try {
            boolean concurrentOpen = setup.transport().supportsConcurrentOpen();
            for (Chosen c : chosen) {
                inFlight.acquireUninterruptibly();
                // Opening may inflate the whole file (git): do it on the worker when the transport allows.
                InputStream in = concurrentOpen ? null : setup.transport().open(snapshot, c.entry());
                futures.add(pool.submit(() -> {
                    try {
                        return prepare(c, in != null ? in : setup.transport().open(snapshot, c.entry()));
                    } finally {
                        inFlight.release();
                    }
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                Pending p = WorkerResult.await(futures.get(i), "localizing");
                out.add(p);
                syncer.submit(p.tmp());
                setup.progress().onFile(chosen.get(i).rel(), Math.max(0, chosen.get(i).entry().size()));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Files at least this large are read (inflated, decrypted) on a thread of their own while they are localized. */
    static final long READ_AHEAD_MIN_BYTES = 16L << 20;

    private static boolean readAhead(SnapshotEntry e) {
        return e.size() >= READ_AHEAD_MIN_BYTES && Runtime.getRuntime().availableProcessors() >= 2;
    }

    /** Localizes one cluster file (its stream already open, and closed here) into the staging dir. */
    private Pending prepare(Chosen c, InputStream cluster) throws IOException {
        String rel = c.rel();
        SnapshotEntry e = c.entry();
        Path target = c.target();
        FileState local = c.local();
        byte[] unterminated = local == null ? new byte[0] : tail(target, local.syncedBytes(), local.localSize());
        Path tmp = Files.createTempFile(setup.staging(), "l", ".local");
        FileKind kind = FileKind.of(rel);
        CountedInputStream counted = new CountedInputStream(cluster);
        try (InputStream in = readAhead(e) ? new ReadAheadInputStream(counted) : counted;
             OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            if (kind == FileKind.JSONL && local != null && setup.secrets().redact()) {
                localizeKeepingOwnLines(in, out, target, local.syncedBytes());
            } else {
                setup.rewriter().localize(kind, in, out);
            }
            if (unterminated.length > 0) {
                out.write(unterminated);
            }
        }
        // Localizing reads to the end: a cluster copy that ended early (a blob cut short by a
        // partial copy of the cluster, a damaged disk) must not become the local file.
        if (e.size() >= 0 && counted.bytes() != e.size()) {
            throw new GuardRefusedException("refused the cluster's copy of " + rel + ": it holds "
                    + counted.bytes() + " bytes where the snapshot lists " + e.size() + "; nothing was written",
                    "the cluster's copy is damaged or only partly copied; run sync again once the copy is complete,"
                            + " and if it persists restore the cluster folder from a backup");
        }
        long synced = Files.size(tmp) - unterminated.length;
        Instant newest = kind == FileKind.JSONL ? newestRecord(tmp, synced) : null;
        FileTime mtime = FileTime.from(newest != null ? newest : setup.env().now());
        return new Pending(rel, e, target, local, tmp, synced, mtime, false);
    }

    /**
     * Whether {@code c} may be pulled by appending: a transcript whose local file is exactly what
     * this machine last converged on (no unterminated line after it, ending with a newline, its
     * last bytes as recorded) and holds every line of that base (not stale). Not with redaction,
     * whose matching of this machine's own lines reads the whole local file anyway.
     */
    private boolean appendable(Chosen c) throws IOException {
        FileState st = c.local();
        return st != null && FileKind.of(c.rel()) == FileKind.JSONL && !setup.secrets().redact() && !st.localStale()
                && !st.clusterId().isEmpty() && st.syncedBytes() > 0 && st.syncedBytes() == st.localSize()
                && tail(c.target(), st.syncedBytes() - 1, st.syncedBytes())[0] == '\n'
                && Fingerprint.tailHash(c.target(), st.syncedBytes()) == st.tailHash();
    }

    /** Localizes the lines the cluster appended (the stream is closed here) into a durable-to-be journal block. */
    private Pending prepareAppend(Chosen c, InputStream appended) throws IOException {
        Path block = journal.newBlock();
        try (InputStream in = appended;
             OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(block), 1 << 16)) {
            setup.rewriter().localize(FileKind.JSONL, in, out);
        }
        long from = c.local().syncedBytes();
        Instant newest = newestRecord(c.target(), from, block);
        FileTime mtime = FileTime.from(newest != null ? newest : setup.env().now());
        return new Pending(c.rel(), c.entry(), c.target(), c.local(), block, from + Files.size(block), mtime, true);
    }

    /**
     * With redaction on, the cluster holds this machine's own lines with their secrets replaced;
     * writing those back would change the user's files. Each local line is indexed by its
     * canonical, redacted form, and a cluster line that matches one is written as the local
     * original; every other line is localized as usual. Memory follows the local file's size
     * (redaction is opt-in; files past 64 MiB are localized without the index).
     */
    private void localizeKeepingOwnLines(InputStream cluster, OutputStream out, Path target, long syncedBytes) throws IOException {
        java.util.Map<String, byte[]> own = new java.util.HashMap<>();
        if (syncedBytes <= 64L << 20) {
            try (InputStream in = Files.newInputStream(target); LineReader r = new LineReader(in)) {
                long read = 0;
                for (byte[] line = r.next(); line != null && read < syncedBytes; line = r.next()) {
                    read += line.length;
                    byte[] body = LineReader.body(line);
                    byte[] sent = setup.secrets().redactedForMatching(setup.rewriter().canonicalizeLine(body));
                    if (!java.util.Arrays.equals(sent, setup.rewriter().canonicalizeLine(body))) {
                        own.put(new String(sent, StandardCharsets.ISO_8859_1), body);
                    }
                }
            }
        }
        try (LineReader r = new LineReader(cluster)) {
            for (byte[] line = r.next(); line != null; line = r.next()) {
                byte[] body = LineReader.body(line);
                byte[] mine = own.isEmpty() ? null : own.get(new String(body, StandardCharsets.ISO_8859_1));
                out.write(mine != null ? mine : setup.rewriter().localizeLine(body));
                out.write(LineReader.terminator(line));
            }
        }
    }

    /** Renames one prepared file into place; returns the directory whose entry changed, or null when skipped. */
    private Path install(Pending p, SyncReport report) throws IOException {
        String rel = p.rel();
        Path target = p.target();
        if (p.local() != null) {
            if (!unchanged(target, p.local())) {
                report.pulled().remove(rel);
                report.diagnostics().add(Diagnostic.warning(rel, "not pulled: it changed while syncing (Claude Code is writing it); the next sync picks it up"));
                return null;
            }
            CrashPoint.hit("pull.before-backup");
            backups.save(rel, target);
            CrashPoint.hit("pull.after-backup");
        }
        CrashPoint.hit("pull.before-write");
        Path dir = AtomicFiles.replaceSynced(p.tmp(), target, p.mtime());
        CrashPoint.hit("pull.after-write");
        long size = Files.size(target);
        setup.state().files().put(rel, new FileState(p.entry().contentId(), size, Files.getLastModifiedTime(target).toMillis(),
                Fingerprint.tailHash(target, p.synced()), false, p.synced()));
        return dir;
    }

    /**
     * Appends a prepared block to the live file, as the full path would replace it: only while the
     * file is still as checked (else, like a replace, it waits for the next sync), journaled first.
     * Returns null: no directory entry changes.
     */
    private Path installAppend(Pending p, SyncReport report) throws IOException {
        String rel = p.rel();
        if (!unchanged(p.target(), p.local())) {
            Files.deleteIfExists(p.tmp());
            report.pulled().remove(rel);
            report.diagnostics().add(Diagnostic.warning(rel, "not pulled: it changed while syncing (Claude Code is writing it); the next sync picks it up"));
            return null;
        }
        AppendJournal.Entry entry = journal.begin(rel, p.local(), p.entry().contentId(), p.tmp(), p.mtime());
        CrashPoint.hit("pull.append.before-write");
        try {
            if (!journal.apply(entry, 0, setup.state())) {
                report.diagnostics().add(Diagnostic.warning(rel, "pulled, but Claude Code appended to it at the same time; the next sync pushes what it wrote"));
            }
        } catch (IOException ex) {
            journal.keep(entry);
            report.pulled().remove(rel);
            report.diagnostics().add(Diagnostic.error(rel, "not pulled: cannot append to it (" + ex.getMessage()
                    + "); the next sync finishes the append"));
        }
        return null;
    }

    private static byte[] tail(Path file, long from, long to) throws IOException {
        if (to <= from) {
            return new byte[0];
        }
        byte[] b = new byte[(int) (to - from)];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(from);
            raf.readFully(b);
        }
        return b;
    }

    /** How many of the last bytes of a file {@link #newestRecord} reads. */
    private static final int NEWEST_SCAN = 1 << 16;

    /** The newest {@code "timestamp"} among the last 64 KiB of records. */
    static Instant newestRecord(Path file, long end) throws IOException {
        return newestRecord(tail(file, end - Math.min(end, NEWEST_SCAN), end));
    }

    /** {@link #newestRecord(Path, long)} of the first {@code end} bytes of {@code file} followed by {@code block}. */
    private static Instant newestRecord(Path file, long end, Path block) throws IOException {
        long blockSize = Files.size(block);
        if (blockSize >= NEWEST_SCAN) {
            return newestRecord(block, blockSize);
        }
        byte[] before = tail(file, end - Math.min(end, NEWEST_SCAN - blockSize), end);
        byte[] b = java.util.Arrays.copyOf(before, before.length + (int) blockSize);
        byte[] after = Files.readAllBytes(block);
        System.arraycopy(after, 0, b, before.length, after.length);
        return newestRecord(b);
    }

    private static Instant newestRecord(byte[] b) {
        String text = new String(b, StandardCharsets.ISO_8859_1);
        // Records are appended in time order, so the scan runs backwards: the first timestamp
        // parsed is almost always the newest, and an earlier one written the same way (same
        // length, UTC) that sorts no higher as text cannot be newer, so it is not parsed at all.
        Instant newest = null;
        String newestText = null;
        int at = text.length();
        while (at > 0 && (at = text.lastIndexOf("\"timestamp\":\"", at - 1)) >= 0) {
            int from = at + 13;
            int q = text.indexOf('"', from);
            if (q < 0) {
                continue;
            }
            String stamp = text.substring(from, q);
            if (newestText != null && stamp.length() == newestText.length() && stamp.endsWith("Z")
                    && newestText.endsWith("Z") && stamp.compareTo(newestText) <= 0) {
                continue;
            }
            try {
                Instant t = Instant.parse(stamp);
                if (newest == null || t.isAfter(newest)) {
                    newest = t;
                    newestText = stamp;
                }
            } catch (DateTimeParseException ignored) {
                // not an ISO instant; skip it
            }
        }
        return newest;
    }
}
