package dev.convergence.core.hook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;

/**
 * Waits until a file has stopped changing: its size and modification time unchanged for
 * {@code quiet}, checked every {@code poll}, giving up after {@code limit}. Claude Code fires Stop
 * before it has flushed the turn's last lines, so the sync waits for the transcript to settle.
 *
 * @param quiet how long the file must stay unchanged
 * @param poll  how often to look
 * @param limit the longest wait in all (a session that keeps writing is synced as it stands; the next hook catches up)
 */
public record QuietPeriod(Duration quiet, Duration poll, Duration limit) {

    /** 1 s of quiet, looked at every 200 ms, at most 30 s. */
    public static final QuietPeriod DEFAULT = new QuietPeriod(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(30));

    public QuietPeriod {
        Objects.requireNonNull(quiet, "quiet");
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(limit, "limit");
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("poll must be positive");
        }
    }

    /** How a wait ended. */
    public enum Outcome {
        /** The file stayed unchanged for the quiet period. */
        QUIET,
        /** It kept changing until the limit. */
        STILL_CHANGING,
        /** There is no such file. */
        ABSENT
    }

    /** Blocks until the file is quiet, absent, or the limit is reached. */
    public Outcome awaitOn(Path file) throws InterruptedException {
        long start = System.nanoTime();
        String last = stamp(file);
        if (last == null) {
            return Outcome.ABSENT;
        }
        long unchangedSince = start;
        while (true) {
            Thread.sleep(poll.toMillis());
            long now = System.nanoTime();
            String current = stamp(file);
            if (current == null) {
                return Outcome.ABSENT;
            }
            if (!current.equals(last)) {
                last = current;
                unchangedSince = now;
            } else if (now - unchangedSince >= quiet.toNanos()) {
                return Outcome.QUIET;
            }
            if (now - start >= limit.toNanos()) {
                return Outcome.STILL_CHANGING;
            }
        }
    }

    private static String stamp(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.size() + "@" + a.lastModifiedTime().toMillis();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
