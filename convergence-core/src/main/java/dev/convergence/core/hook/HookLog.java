package dev.convergence.core.hook;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code $CONVERGENCE_HOME/logs/hook.log}: one line per hook run, bounded in size. Appends take an
 * OS lock on the file, so the hook's foreground and background processes never interleave; when
 * the file passes {@code maxBytes} it is cut, in place, to its newest half. Never throws: a hook
 * that cannot log must still not disturb Claude Code.
 */
public final class HookLog {

    public static final long DEFAULT_MAX_BYTES = 256 * 1024;

    private final Path file;
    private final long maxBytes;

    public HookLog(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** The hook log of a Convergence home, 256 KiB at most. */
    public static HookLog in(Path convergenceHome) {
        return new HookLog(convergenceHome.resolve("logs").resolve("hook.log"), DEFAULT_MAX_BYTES);
    }

    public Path file() {
        return file;
    }

    /** Appends {@code <instant, to the millisecond> <message>} as one line (line breaks in the message become spaces). */
    public void append(Instant at, String message) {
        byte[] line = (at.truncatedTo(ChronoUnit.MILLIS) + " " + message.replaceAll("[\\r\\n]+", " ") + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock lock = ch.lock()) {
                ch.write(ByteBuffer.wrap(line), ch.size());
                if (ch.size() > maxBytes) {
                    keepNewestHalf(ch);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Logging is best effort by contract: see the class comment.
        }
    }

    private void keepNewestHalf(FileChannel ch) throws IOException {
        long keep = maxBytes / 2;
        ByteBuffer tail = ByteBuffer.allocate((int) keep);
        ch.read(tail, ch.size() - keep);
        tail.flip();
        while (tail.hasRemaining() && tail.get() != '\n') {
            // Drop the partial first line.
        }
        ch.truncate(0);
        ch.write(tail, 0);
    }

    /** The newest {@code n} lines, oldest first; empty when there is no log. */
    public List<String> tail(int n) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return new ArrayList<>(all.subList(Math.max(0, all.size() - n), all.size()));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
        }
    }
}
