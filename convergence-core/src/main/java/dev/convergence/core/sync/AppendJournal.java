package dev.convergence.core.sync;

import dev.convergence.api.Diagnostic;
import dev.convergence.api.ProjectId;
import dev.convergence.core.json.Json;
import dev.convergence.core.state.AtomicFiles;
import dev.convergence.core.state.Backups;
import dev.convergence.core.state.CrashPoint;
import dev.convergence.core.state.FileState;
import dev.convergence.core.state.ProjectState;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Pulls that append to a live transcript instead of replacing it, made crash-safe the way a
 * database log is: the localized lines are made durable in a block file, then an entry naming
 * the file, the offset and the block is made durable, and only then is the block appended. A run
 * killed at any point leaves the entry behind, and the next sync rolls it forward before it looks
 * at the file: a file that holds the offset plus a prefix of the block (a torn write) gets the
 * rest, so no half line is ever taken for content. Entries and blocks live under
 * {@code $CONVERGENCE_HOME/appends/<project>/} until the project state that records the append is
 * saved.
 */
final class AppendJournal {

    /**
     * Bytes handed to one write call. On a local file system an O_APPEND write is not interleaved
     * with another process's, so Claude Code appending meanwhile lands between two calls, never
     * inside one; a pull of 1 MB is one call.
     */
    private static final int WINDOW = 64 << 20;
    private static final String ENTRY = ".entry";

    private final Path dir;
    private final Path contextDir;
    /** Entries whose append failed in this run: kept for the next run to roll forward. */
    private final Set<Path> kept = new HashSet<>();

    AppendJournal(Path convergenceHome, ProjectId project, Path contextDir) {
        this.dir = convergenceHome.resolve("appends").resolve(project.value());
        this.contextDir = contextDir;
    }

    /**
     * One append, recorded in {@code file}: {@code length} bytes of {@code block} go at offset
     * {@code from} of {@code rel}; afterwards the file is converged on {@code contentId}
     * and its mtime is {@code mtime}.
     */
    record Entry(Path file, String rel, long from, long length, Path block, String contentId, FileTime mtime) {
    }

    /** Whether an earlier run left an entry or a block here: the next sync must run in full to finish it. */
    boolean anyLeft() throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.findAny().isPresent();
        }
    }

    /** A new empty block file, for the localized lines of one append. */
    Path newBlock() throws IOException {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "b", ".block");
    }

    /** Makes the entry durable; {@code block} must already be durable. */
    Entry begin(String rel, FileState before, String contentId, Path block, FileTime mtime) throws IOException {
        Entry e = new Entry(Files.createTempFile(dir, "e", ENTRY), rel, before.localSize(), Files.size(block), block, contentId, mtime);
        Properties p = new Properties();
        p.setProperty("rel", rel);
        p.setProperty("from", Long.toString(e.from()));
        p.setProperty("length", Long.toString(e.length()));
        p.setProperty("block", block.getFileName().toString());
        p.setProperty("baseId", before.clusterId());
        p.setProperty("baseMtime", Long.toString(before.localMtime()));
        p.setProperty("contentId", contentId);
        p.setProperty("mtime", Long.toString(mtime.toMillis()));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        p.store(out, null);
        AtomicFiles.write(e.file(), out.toByteArray());
        return e;
    }

    /**
     * Appends the block from byte {@code written} on (an interrupted run may have written the
     * first bytes), makes it durable, stamps the mtime and records the file as converged on the
     * new content. Returns false, recording nothing, when the file's size is then not the expected
     * one: something else (Claude Code) appended meanwhile, whole lines, and the next sync treats
     * them as a local change.
     */
    boolean apply(Entry e, long written, ProjectState state) throws IOException {
        Path target = contextDir.resolve(e.rel());
        long end = e.from() + e.length();
        if (written < e.length()) {
            try (FileChannel in = FileChannel.open(e.block(), StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(WINDOW, e.length() - written));
                for (long at = written; at < e.length(); ) {
                    buf.clear().limit((int) Math.min(buf.capacity(), e.length() - at));
                    while (buf.hasRemaining() && in.read(buf, at + buf.position()) > 0) {
                        // fill
                    }
                    buf.flip();
                    if (at + buf.limit() < e.length()) {
                        // A window ends after a line, so nothing another appender writes between two windows splits one.
                        int cut = lastNewline(buf);
                        if (cut > 0) {
                            buf.limit(cut);
                        }
                    }
                    at += buf.remaining();
                    while (buf.hasRemaining()) {
                        out.write(buf);
                    }
                }
                out.force(true);
            }
        }
        CrashPoint.hit("pull.append.after-write");
        if (Files.size(target) != end) {
            return false;
        }
        Files.setLastModifiedTime(target, e.mtime());
        CrashPoint.hit("pull.append.after-stamp");
        if (Files.size(target) != end) {
            return false;
        }
        state.files().put(e.rel(), new FileState(e.contentId(), end, Files.getLastModifiedTime(target).toMillis(),
                Fingerprint.tailHash(target, end), false, end));
        return true;
    }

    /** Keeps {@code e} for the next run: its append failed part-way. */
    void keep(Entry e) {
        kept.add(e.file());
        kept.add(e.block());
    }

    /**
     * Rolls forward every entry a killed run left, before anything reads the local files. An
     * entry whose file is still as it was (nothing appended), or already recorded, is dropped; a
     * file that holds its offset plus a prefix of the block gets the rest. When other lines follow
     * (Claude Code appended after a killed write), whole lines of the block stay, and a part of one
     * is cut out; the merge of this sync then pushes the other lines and pulls the rest again.
     */
    void recover(ProjectState state, Backups backups, List<Diagnostic> diagnostics) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.filter(f -> f.getFileName().toString().endsWith(ENTRY)).sorted().toList();
        }
        for (Path f : entries) {
            Entry e = read(f, state);
            if (e != null) {
                recover(e, state, backups, diagnostics);
            }
        }
    }

    /** The entry in {@code f} when it still applies: the state and the file's synced part are as it found them. */
    private Entry read(Path f, ProjectState state) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        String rel = p.getProperty("rel", "");
        Path target = contextDir.resolve(rel).normalize();
        FileState st = state.files().get(rel);
        Path block = dir.resolve(p.getProperty("block", "")).normalize();
        try {
            long from = Long.parseLong(p.getProperty("from", "-1"));
            if (rel.isEmpty() || !target.startsWith(contextDir) || !block.getParent().equals(dir) || !Files.isRegularFile(block)
                    || st == null || st.localSize() != from || !st.clusterId().equals(p.getProperty("baseId"))
                    || st.localMtime() != Long.parseLong(p.getProperty("baseMtime", "0"))
                    || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || Files.size(target) <= from
                    || Fingerprint.tailHash(target, from) != st.tailHash()) {
                return null;
            }
            return new Entry(f, rel, from, Long.parseLong(p.getProperty("length", "-1")), block, p.getProperty("contentId", ""),
                    FileTime.fromMillis(Long.parseLong(p.getProperty("mtime", "0"))));
        } catch (NumberFormatException malformed) {
            return null;
        }
    }

    private void recover(Entry e, ProjectState state, Backups backups, List<Diagnostic> diagnostics) throws IOException {
        Path target = contextDir.resolve(e.rel());
        long size = Files.size(target);
        if (e.length() != Files.size(e.block()) || e.contentId().isEmpty()) {
            return;
        }
        long matching = matching(target, e.from(), e.block(), Math.min(size - e.from(), e.length()));
        if (e.from() + matching == size) {
            if (apply(e, matching, state)) {
                diagnostics.add(new Diagnostic(Diagnostic.Severity.INFO, "finished appending the lines an interrupted pull had started", e.rel()));
            }
            return;
        }
        if (matching == e.length()) {
            return;
        }
        // Other bytes follow a prefix of the block. They are what another writer (Claude Code)
        // appended, either after whole lines of the block (nothing to do: the next push merges them)
        // or after a part of one, which a killed write left: the line there is then not JSON. That
        // part ends where the other writer's line starts, which is where the match with the block
        // ends, unless the other line began with the same bytes: then it starts at the one place
        // from which the rest parses.
        long lineStart = e.from() + lineStart(e.block(), matching);
        byte[] line = line(target, lineStart);
        if (isJson(line)) {
            return;
        }
        int end = (int) (e.from() + matching - lineStart);
        int cut = end;
        for (int at = 1; at < end && at < line.length; at++) {
            if (line[at] == '{' && isJson(java.util.Arrays.copyOfRange(line, at, line.length))) {
                cut = at;
                break;
            }
        }
        removePartialLine(e, target, lineStart, lineStart + cut, backups, diagnostics);
    }

    /**
     * Replaces the file with itself minus {@code [from, to)}: the part of a line a killed write left
     * before another writer's lines. The lines pulled stay whole in the cluster, and come back
     * with the merge this sync then does. Backed up first; tried again when the file grows meanwhile.
     */
    private void removePartialLine(Entry e, Path target, long from, long to, Backups backups,
                                   List<Diagnostic> diagnostics) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            long size = Files.size(target);
            Path staged = Files.createTempFile(dir, "r", ".repair");
            try (FileChannel in = FileChannel.open(target, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(staged, StandardOpenOption.WRITE)) {
                transfer(in, 0, from, out);
                transfer(in, to, size - to, out);
            }
            if (Files.size(target) == size) {
                backups.save(e.rel(), target);
                AtomicFiles.replaceWith(staged, target, null);
                diagnostics.add(Diagnostic.warning(e.rel(), "removed part of a line an interrupted pull had left at byte " + from
                        + ", before lines appended since; the whole line comes back from the cluster"));
                return;
            }
            Files.delete(staged);
        }
        diagnostics.add(Diagnostic.error(e.rel(), "an interrupted pull left part of a line at bytes " + from + "-" + to
                + ", and the file kept changing while that part was being removed; remove it by hand"));
    }

    private static void transfer(FileChannel in, long at, long count, FileChannel out) throws IOException {
        for (long done = 0; done < count; ) {
            done += in.transferTo(at + done, count - done, out);
        }
    }

    /** Offset in the block of the start of the line that holds byte {@code at}. */
    private static long lineStart(Path block, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(block.toFile(), "r")) {
            for (long i = at - 1; i >= 0; i--) {
                f.seek(i);
                if (f.read() == '\n') {
                    return i + 1;
                }
            }
            return 0;
        }
    }

    /** The line that starts at {@code from}, without its newline. */
    private static byte[] line(Path file, long from) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                out.write(c);
            }
            return out.toByteArray();
        }
    }

    private static boolean isJson(byte[] line) {
        try {
            Json.parse(new String(line, java.nio.charset.StandardCharsets.UTF_8));
            return true;
        } catch (Json.JsonSyntaxException notJson) {
            return false;
        }
    }

    /** Removes every entry and block but those kept; called once the state that records the appends is saved. */
    void clear() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(f -> !kept.contains(f)).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    /** How many of the first {@code n} bytes of the block are also at {@code from} in {@code file}. */
    private static long matching(Path file, long from, Path block, long n) throws IOException {
        byte[] a = new byte[1 << 16];
        byte[] b = new byte[a.length];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r"); InputStream in = Files.newInputStream(block)) {
            f.seek(from);
            long same = 0;
            while (same < n) {
                int len = (int) Math.min(a.length, n - same);
                f.readFully(a, 0, len);
                if (in.readNBytes(b, 0, len) != len) {
                    return same;
                }
                int diff = java.util.Arrays.mismatch(a, 0, len, b, 0, len);
                if (diff >= 0) {
                    return same + diff;
                }
                same += len;
            }
            return same;
        }
    }

    private static int lastNewline(ByteBuffer buf) {
        for (int i = buf.limit() - 1; i >= 0; i--) {
            if (buf.get(i) == '\n') {
                return i + 1;
            }
        }
        return -1;
    }
}
