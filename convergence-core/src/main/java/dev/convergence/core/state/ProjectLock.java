package dev.convergence.core.state;

import dev.convergence.api.ConfigException;
import dev.convergence.api.LockHeldException;
import dev.convergence.api.ProjectId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * One writer per project per machine: an OS file lock on {@code $CONVERGENCE_HOME/locks/<id>.lock}.
 * The OS drops the lock when its process dies, so a lock left by a killed sync is taken over
 * without any staleness guess; the file only records the holder's pid for the message.
 */
public final class ProjectLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private ProjectLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock, waiting up to {@code wait}; throws {@link LockHeldException} when another holds it. */
    public static ProjectLock acquire(Path convergenceHome, ProjectId id, Duration wait) {
        Path file = convergenceHome.resolve("locks").resolve(id.value() + ".lock");
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            while (true) {
                FileLock l = null;
                try {
                    l = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    l = null;
                }
                if (l != null) {
                    ch.truncate(0);
                    ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
                    return new ProjectLock(ch, l);
                }
                if (System.nanoTime() >= deadline) {
                    String holder = holder(file);
                    ch.close();
                    throw new LockHeldException("another sync of project " + id + " is running" + holder,
                            "wait for it to finish and try again");
                }
                Thread.sleep(50);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot lock " + file + ": " + e.getMessage(), "check that " + file.getParent() + " is writable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockHeldException("interrupted while waiting for the lock of project " + id, "try again");
        }
    }

    private static String holder(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return pid.isEmpty() ? "" : " (pid " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // Closing the channel releases the lock in any case.
        }
    }
}
