package dev.convergence.core.sync;

import dev.convergence.api.Diagnostic;
import dev.convergence.api.OsFamily;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.core.rewrite.FileKind;
import dev.convergence.core.rewrite.PathRewriter;
import dev.convergence.core.rewrite.RewriteStats;
import dev.convergence.core.state.FileState;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns changed local files into their canonical form, staged in temp files, honouring "no drift":
 * a line that came from the cluster and is unchanged here goes back as the exact canonical bytes
 * it came as, so a machine never re-canonicalizes another machine's text. Appended transcripts
 * cost what was appended: only the new lines are canonicalized and staged, and the staged content
 * names the base it follows ({@link Content#appending}), so a transport that stores that base
 * writes only the new bytes. Every line this machine canonicalizes passes the round-trip guard,
 * or the file is refused.
 */
final class Stager {

    /** Bases up to this size are indexed in memory for no-drift matching of rewritten files. */
    private static final long INDEX_LIMIT = 64L << 20;

    private final SyncSetup setup;
    private final PathRewriter rw;
    private final boolean windows;

    Stager(SyncSetup setup) {
        this.setup = setup;
        this.rw = setup.rewriter();
        this.windows = setup.layout().os() == OsFamily.WINDOWS;
    }

    /**
     * A staged canonical file and the local fingerprint it was made from.
     *
     * @param content     the canonical content (for an append: the base followed by the staged new lines)
     * @param syncedLines lines in the first {@code syncedBytes} of the local file, -1 when not counted
     */
    record Staged(String rel, Content content, LocalFile source, long syncedBytes, long syncedLines, long tailHash,
                  boolean appendOnly) {
    }

    /** Stages {@code f}; empty when it was refused (the reason is in the diagnostics). */
    Optional<Staged> stage(LocalFile f, Snapshot snapshot) throws IOException {
        dev.convergence.core.state.CrashPoint.hit("push.stage");
        FileState st = setup.state().files().get(f.rel());
        Path out = Files.createTempFile(setup.staging(), "c", ".canon");
        FileKind kind = FileKind.of(f.rel());
        if (kind == FileKind.JSONL) {
            long synced = lastLineEnd(f);
            if (st != null && appendable(f, st)) {
                Appended appended = stageAppend(f, st, synced, snapshot, out);
                if (appended.problem().isEmpty()) {
                    return Optional.of(new Staged(f.rel(), appended.content(), f, synced, appended.syncedLines(),
                            Fingerprint.tailHash(f.path(), synced), true));
                }
                if (!appended.problem().get().isEmpty()) {
                    return refuse(f, appended.problem().get(), out);
                }
            }
            long[] lines = {0};
            Optional<String> problem = stageLines(f, base(f.rel(), st, snapshot), synced, out, true, lines);
            if (problem.isPresent()) {
                return refuse(f, problem.get(), out);
            }
            return Optional.of(new Staged(f.rel(), Content.of(out), f, synced, lines[0], Fingerprint.tailHash(f.path(), synced), false));
        }
        if (kind == FileKind.TEXT && isUtf8(f)) {
            Optional<String> problem = stageLines(f, base(f.rel(), st, snapshot), f.size(), out, false, new long[1]);
            if (problem.isPresent()) {
                return refuse(f, problem.get(), out);
            }
        } else {
            RewriteStats stats;
            try (InputStream in = bounded(f, f.size()); OutputStream o = new BufferedOutputStream(Files.newOutputStream(out))) {
                stats = rw.canonicalize(kind == FileKind.TEXT ? FileKind.BINARY : kind, in, o, true);
            }
            if (!stats.roundTripProblems().isEmpty()) {
                return refuse(f, String.join("; ", stats.roundTripProblems()), out);
            }
        }
        return Optional.of(new Staged(f.rel(), Content.of(out), f, f.size(), -1, Fingerprint.tailHash(f.path(), f.size()), false));
    }

    private Optional<Staged> refuse(LocalFile f, String reason, Path out) throws IOException {
        Files.deleteIfExists(out);
        setup.diagnostics().add(Diagnostic.error(f.rel(), "not pushed: " + reason));
        return Optional.empty();
    }

    /**
     * The local file still starts with what was synced (it only grew), and that prefix is the
     * base: not so while the file is stale (a merge put lines in the cluster copy that this
     * machine has not written locally yet), when the slow path must merge instead.
     */
    private static boolean appendable(LocalFile f, FileState st) throws IOException {
        return !st.localStale() && st.syncedBytes() >= 0 && f.size() >= st.localSize() && st.syncedBytes() <= f.size()
                && Fingerprint.tailHash(f.path(), st.syncedBytes()) == st.tailHash() && !st.clusterId().isEmpty();
    }

    /** What staging an append gave: the content (when staged), a refusal reason, or "" to fall back to a full stage. */
    private record Appended(Content content, long syncedLines, Optional<String> problem) {
        static Appended failed(String problem) {
            return new Appended(null, -1, Optional.of(problem));
        }
    }

    /**
     * The base (as it was converged on) followed by the canonical form of the lines appended since.
     * Only the new lines are staged in {@code out} when the snapshot still holds the base (it can
     * then be re-opened by id at publish time, and the transport may reuse it); otherwise the base
     * is copied first. Refuses with a reason, or with "" when the base is unavailable (caller falls back).
     */
    private Appended stageAppend(LocalFile f, FileState st, long synced, Snapshot snapshot, Path out) throws IOException {
        SnapshotEntry current = snapshot.entries().get(ContextFiles.CLUSTER_PREFIX + f.rel());
        boolean baseIsCurrent = current != null && current.contentId().equals(st.clusterId()) && current.size() >= 0;
        long[] lines = {0};
        Optional<String> problem;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            if (!baseIsCurrent) {
                try (InputStream base = setup.transport().open(
                        Snapshot.absent(setup.state().id()), SnapshotEntry.regular(ContextFiles.CLUSTER_PREFIX + f.rel(), -1, st.clusterId()))) {
                    base.transferTo(o);
                } catch (RuntimeException e) {
                    return Appended.failed("");
                }
            }
            try (InputStream in = bounded(f, synced)) {
                in.skipNBytes(st.syncedBytes());
                long firstLine = !setup.secrets().active() ? 0
                        : st.syncedLines() >= 0 ? st.syncedLines() : countLines(f.path(), st.syncedBytes());
                problem = canonicalizeLines(f.rel(), new LineReader(in), Map.of(), o, true, st.syncedBytes(), firstLine, lines);
            }
        }
        if (problem.isPresent()) {
            return Appended.failed(problem.get());
        }
        long syncedLines = st.syncedLines() >= 0 ? st.syncedLines() + lines[0] : -1;
        if (!baseIsCurrent) {
            return new Appended(Content.of(out), syncedLines, Optional.empty());
        }
        Content base = new Content() {
            @Override
            public long size() {
                return current.size();
            }

            /** Checked for length: an append built on a base the cluster holds cut short must not be published. */
            @Override
            public InputStream open() {
                return new CountedInputStream(setup.transport().open(snapshot, current), current.size(),
                        "the cluster's copy of " + f.rel() + ", which the append follows,");
            }
        };
        return new Appended(Content.appending(current.contentId(), base, Content.of(out)), syncedLines, Optional.empty());
    }

    /** Stages the first {@code upTo} bytes; {@code lines[0]} gets how many lines they hold. */
    private Optional<String> stageLines(LocalFile f, Map<Key, byte[]> base, long upTo, Path out, boolean json, long[] lines)
            throws IOException {
        try (InputStream in = bounded(f, upTo); OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            return canonicalizeLines(f.rel(), new LineReader(in), base, o, json, 0, 0, lines);
        }
    }

    /** Canonicalizes every line read into {@code o}; {@code linesRead[0]} gets how many were read. */
    private Optional<String> canonicalizeLines(String rel, LineReader lines, Map<Key, byte[]> base, OutputStream o, boolean json,
                                               long startOffset, long linesBefore, long[] linesRead) throws IOException {
        SecretPolicy secrets = setup.secrets();
        long lineNo = 0;
        for (byte[] line = lines.next(); line != null; line = lines.next()) {
            lineNo++;
            linesRead[0] = lineNo;
            byte[] body = LineReader.body(line);
            byte[] fromBase = base.isEmpty() ? null : base.get(new Key(body));
            if (fromBase != null) {
                o.write(fromBase);
                o.write(LineReader.terminator(line));
                continue;
            }
            byte[] canonical = json ? rw.canonicalizeLine(body) : canonicalText(body);
            if (canonical != body && !Arrays.equals(canonical, body) && !roundTrips(body, canonical, json)) {
                return Optional.of((startOffset > 0 ? "appended " : "") + "line " + lineNo
                        + " would not round-trip: localizing its canonical form does not give it back");
            }
            if (secrets.active() && LineReader.isComplete(line)) {
                long at = linesBefore + lineNo;
                canonical = json ? secrets.jsonLine(rel, at, canonical) : secrets.textLine(rel, at, canonical);
            }
            o.write(canonical);
            o.write(LineReader.terminator(line));
        }
        return Optional.empty();
    }

    private byte[] canonicalText(byte[] body) {
        String s = new String(body, StandardCharsets.UTF_8);
        String c = rw.canonicalize(s);
        return c.equals(s) ? body : c.getBytes(StandardCharsets.UTF_8);
    }

    private boolean roundTrips(byte[] original, byte[] canonical, boolean json) {
        if (json) {
            byte[] back = rw.localizeLine(canonical);
            return windows ? Arrays.equals(rw.canonicalizeLine(back), canonical) : Arrays.equals(back, original);
        }
        String c = new String(canonical, StandardCharsets.UTF_8);
        String back = rw.localize(c);
        return windows ? rw.canonicalize(back).equals(c) : back.equals(new String(original, StandardCharsets.UTF_8));
    }

    /**
     * The no-drift index: localized form of each base line → its canonical bytes. The base is what
     * this machine converged on, or (first push of a file the cluster already has) the cluster's copy.
     */
    private Map<Key, byte[]> base(String rel, FileState st, Snapshot snapshot) throws IOException {
        SnapshotEntry entry = st != null && !st.clusterId().isEmpty()
                ? SnapshotEntry.regular(ContextFiles.CLUSTER_PREFIX + rel, -1, st.clusterId())
                : snapshot.entries().get(ContextFiles.CLUSTER_PREFIX + rel);
        if (entry == null || entry.size() > INDEX_LIMIT) {
            return Map.of();
        }
        boolean json = FileKind.of(rel) == FileKind.JSONL;
        Map<Key, byte[]> index = new HashMap<>();
        try (LineReader r = new LineReader(setup.transport().open(snapshot, entry))) {
            for (byte[] line = r.next(); line != null; line = r.next()) {
                byte[] body = LineReader.body(line);
                byte[] local = json ? rw.localizeLine(body) : rw.localize(new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                index.putIfAbsent(new Key(local), body);
            }
        } catch (RuntimeException e) {
            return Map.of();
        }
        return index;
    }

    /** Offset just past the last newline within the file's recorded size: unterminated lines wait. */
    private static long lastLineEnd(LocalFile f) throws IOException {
        try (var ch = Files.newByteChannel(f.path())) {
            long end = Math.min(f.size(), ch.size());
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long pos = end;
            while (pos > 0) {
                int n = (int) Math.min(buf.capacity(), pos);
                buf.clear().limit(n);
                ch.position(pos - n);
                while (buf.hasRemaining() && ch.read(buf) > 0) {
                    // fill
                }
                for (int i = n - 1; i >= 0; i--) {
                    if (buf.get(i) == '\n') {
                        return pos - n + i + 1;
                    }
                }
                pos -= n;
            }
            return 0;
        }
    }

    /** Newlines in the first {@code end} bytes: the line number where an appended region starts. */
    private static long countLines(Path file, long end) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long left = end;
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    break;
                }
                for (int i = 0; i < r; i++) {
                    if (buf[i] == '\n') {
                        n++;
                    }
                }
                left -= r;
            }
        }
        return n;
    }

    private static boolean isUtf8(LocalFile f) throws IOException {
        if (f.size() > INDEX_LIMIT) {
            return false;
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(f.path())));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The first {@code limit} bytes of the file, even if it grows while we read. */
    private static InputStream bounded(LocalFile f, long limit) throws IOException {
        InputStream in = Files.newInputStream(f.path());
        return new InputStream() {
            long left = limit;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = in.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            /** Skips by seeking: an append skips the synced part of the file, which may be gigabytes. */
            @Override
            public long skip(long n) throws IOException {
                long skipped = in.skip(Math.min(n, left));
                left -= skipped;
                return skipped;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
