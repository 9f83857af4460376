package dev.convergence.core.state;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;

/**
 * Writes files so that a reader (or a crash) sees either the old content or the new, never a
 * mix: a temp file in the same directory, fsync, atomic rename, fsync of the directory.
 * Temp files are named {@code .<name>.convergence-tmp} so a leftover from a kill is recognisable.
 */
public final class AtomicFiles {

    public static final String TEMP_SUFFIX = ".convergence-tmp";

    private AtomicFiles() {
    }

    /** Something that writes the whole new content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content), null);
    }

    /**
     * Replaces {@code target} with what {@code writer} produces.
     *
     * @param mtime the modification time to give the new file, or {@code null} for now
     */
    public static void write(Path target, Writer writer, FileTime mtime) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + target.getFileName() + TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                writer.writeTo(out);
                CrashPoint.hit("atomic.mid-write");
                out.flush();
                ch.force(true);
            }
            if (mtime != null) {
                Files.setLastModifiedTime(tmp, mtime);
            }
            CrashPoint.hit("atomic.before-rename");
            move(tmp, target);
            CrashPoint.hit("atomic.after-rename");
        } finally {
            Files.deleteIfExists(tmp);
        }
        syncDirectory(dir);
    }

    /**
     * Moves a fully written file from a staging directory (outside the target's directory, so a
     * crash never leaves a temp file beside the user's files) onto {@code target} atomically. When
     * staging and target are on different file systems, falls back to a sibling temp file.
     *
     * @param mtime the modification time to give the file, or {@code null} to keep the staged one's
     */
    public static void replaceWith(Path staged, Path target, FileTime mtime) throws IOException {
        forceAll(java.util.List.of(staged));
        syncDirectory(replaceSynced(staged, target, mtime));
    }

    /**
     * The batch form of {@link #replaceWith}, step 1: makes the content of staged files durable.
     * fsync is a wait on the disk, not CPU work, so the files are synced on a few threads at once
     * (the journal commits them together) instead of one after another.
     */
    public static void forceAll(java.util.Collection<Path> files) throws IOException {
        if (files.size() <= 1) {
            for (Path f : files) {
                force(f);
            }
            return;
        }
        try (Syncer syncer = new Syncer()) {
            files.forEach(syncer::submit);
            syncer.await();
        }
    }

    /**
     * {@link #forceAll} for files that become ready one by one: each is synced on a few threads
     * as soon as it is handed over, so the disk works while the next files are still being made.
     */
    public static final class Syncer implements AutoCloseable {

        private final java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fsync");
            t.setDaemon(true);
            return t;
        });
        private final java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();

        public void submit(Path file) {
            done.add(pool.submit(() -> {
                force(file);
                return null;
            }));
        }

        /** Waits until every file handed over is durable; the first failure is thrown. */
        public void await() throws IOException {
            for (java.util.concurrent.Future<?> d : done) {
                try {
                    d.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while syncing files");
                }
            }
            done.clear();
        }

        /** Drops what has not started and waits for the fsyncs under way, so no file stays open after a failure. */
        @Override
        public void close() {
            pool.shutdownNow();
            try {
                pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The batch form of {@link #replaceWith}, step 2: renames a staged file whose content
     * {@link #forceAll} already made durable onto {@code target}. Returns the directory whose
     * entry changed; the caller makes the renames durable with {@link #syncDirectories} once per
     * directory, before it records the new state.
     */
    public static Path replaceSynced(Path staged, Path target, FileTime mtime) throws IOException {
        if (mtime != null) {
            Files.setLastModifiedTime(staged, mtime);
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        CrashPoint.hit("replace.before-rename");
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Staging is on another file system: fall back to a temp file beside the target.
            write(target, out -> Files.copy(staged, out), mtime == null ? Files.getLastModifiedTime(staged) : mtime);
            Files.deleteIfExists(staged);
        }
        CrashPoint.hit("replace.after-rename");
        return dir;
    }

    /** Step 3 of the batch: one fsync per directory whose entries changed. */
    public static void syncDirectories(java.util.Collection<Path> dirs) {
        for (Path d : new java.util.LinkedHashSet<>(dirs)) {
            syncDirectory(d);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /** Removes temp files a killed run left beside user files (only from the cross-file-system fallback). */
    public static void removeLeftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var walk = Files.walk(dir, 4)) {
            for (Path p : walk.filter(p -> p.getFileName().toString().endsWith(TEMP_SUFFIX)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Makes a rename durable; a no-op where directories cannot be opened (Windows). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported on this platform or file system; the rename itself is still atomic.
        }
    }
}
