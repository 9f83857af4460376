package dev.convergence.transport.dir;

import dev.convergence.api.LockHeldException;
import dev.convergence.api.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.vfs2.FileObject;

/**
 * The writer lock of one project: the file {@code <id>/LOCK}, created exclusively and holding a
 * random owner token. Writers hold it only while they check the current generation and commit
 * the next manifest (milliseconds), never while copying content.
 *
 * <p>Takeover rule: a lock whose file is older than {@link DirOptions#lockStaleAfter()} was left
 * by a crashed writer. A waiting writer renames it to a unique name under {@code tmp/} (only one
 * rename of a file can succeed) and tries again. A writer whose lock was taken over notices it in
 * {@link #verifyHeld()} just before committing and gives up, so a slow writer cannot commit over
 * the one that took over.
 */
final class ProjectLock implements AutoCloseable {

    private final ProjectFolder folder;
    private final AtomicFileOps ops;
    private final String token;
    private boolean released;

    private ProjectLock(ProjectFolder folder, AtomicFileOps ops, String token) {
        this.folder = folder;
        this.ops = ops;
        this.token = token;
    }

    /**
     * Waits for the lock, taking over a stale one.
     *
     * @throws LockHeldException when another writer holds it for longer than the timeout
     */
    static ProjectLock acquire(ProjectFolder folder, AtomicFileOps ops, DirOptions options, Clock clock) throws IOException {
        String token = UUID.randomUUID().toString();
        byte[] content = (token + " " + ProcessHandle.current().pid() + " " + clock.instant() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Instant deadline = clock.instant().plus(options.lockTimeout());
        long pauseMillis = 2;
        FileObject lock = folder.lock();
        while (true) {
            if (ops.createExclusively(lock, content)) {
                return new ProjectLock(folder, ops, token);
            }
            if (isStale(lock, options.lockStaleAfter(), clock)) {
                ops.moveAway(lock, folder.newTemp("stale-lock"));
                continue;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new LockHeldException("project folder " + folder.root().getName().getFriendlyURI()
                        + " is locked by another writer (" + describe(lock) + ")",
                        "another machine is publishing; try again, or wait " + options.lockStaleAfter().toSeconds()
                                + " s for a crashed writer's lock to be taken over");
            }
            sleep(pauseMillis + ThreadLocalRandom.current().nextLong(pauseMillis + 1));
            pauseMillis = Math.min(100, pauseMillis * 2);
        }
    }

    /**
     * Checks that the lock file still holds this writer's token.
     *
     * @throws TransportException when another writer took the lock over (this one was too slow)
     */
    void verifyHeld() throws IOException {
        if (released || !token.equals(ownerToken(folder.lock()))) {
            throw new TransportException("the lock of " + folder.root().getName().getFriendlyURI()
                    + " was taken over while this writer held it; nothing was published",
                    "try again; raise dir.lock-stale-seconds if the cluster folder is very slow");
        }
    }

    /** Deletes the lock file if it is still this writer's. */
    @Override
    public void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        FileObject lock = folder.lock();
        if (token.equals(ownerToken(lock))) {
            lock.delete();
        }
    }

    private static boolean isStale(FileObject lock, Duration staleAfter, Clock clock) throws IOException {
        try {
            if (!lock.exists()) {
                return false;
            }
            long modified = lock.getContent().getLastModifiedTime();
            return clock.millis() - modified > staleAfter.toMillis();
        } catch (IOException e) {
            return false; // removed meanwhile: the next create attempt decides
        }
    }

    private static String ownerToken(FileObject lock) {
        String text = read(lock);
        int space = text.indexOf(' ');
        return space < 0 ? text.strip() : text.substring(0, space);
    }

    private static String describe(FileObject lock) {
        String text = read(lock).strip();
        int space = text.indexOf(' ');
        return space < 0 ? "owner unknown" : "pid and time: " + text.substring(space + 1);
    }

    private static String read(FileObject file) {
        try {
            if (!file.exists()) {
                return "";
            }
            try (InputStream in = file.getContent().getInputStream()) {
                return new String(in.readNBytes(512), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return "";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportException("interrupted while waiting for a project lock", "");
        }
    }
}
