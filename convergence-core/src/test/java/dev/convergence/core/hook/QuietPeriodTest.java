package dev.convergence.core.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuietPeriodTest {

    @TempDir
    Path tmp;

    private final QuietPeriod quiet = new QuietPeriod(Duration.ofMillis(300), Duration.ofMillis(50), Duration.ofSeconds(10));

    @Test
    void waitsUntilAWriterHasStoppedAppending() throws Exception {
        Path file = tmp.resolve("s.jsonl");
        Files.writeString(file, "{}\n");
        AtomicLong lastWrite = new AtomicLong();
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 10; i++) {
                    Thread.sleep(100);
                    Files.writeString(file, "{\"n\":" + i + "}\n", StandardOpenOption.APPEND);
                    lastWrite.set(System.nanoTime());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        assertEquals(QuietPeriod.Outcome.QUIET, quiet.awaitOn(file));
        long returned = System.nanoTime();
        writer.join();
        assertEquals(11, Files.readAllLines(file).size());
        assertEquals(true, returned > lastWrite.get(), "returned only after the last append");
    }

    @Test
    void aFileThatKeepsChangingEndsTheWaitAtTheLimit() throws Exception {
        Path file = tmp.resolve("busy.jsonl");
        Files.writeString(file, "");
        QuietPeriod shortLimit = new QuietPeriod(Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofMillis(600));
        Thread writer = new Thread(() -> {
            try {
                for (int i = 0; i < 40; i++) {
                    Files.writeString(file, "x\n", StandardOpenOption.APPEND);
                    Thread.sleep(25);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();
        assertEquals(QuietPeriod.Outcome.STILL_CHANGING, shortLimit.awaitOn(file));
        writer.join();
    }

    @Test
    void anAbsentFileEndsTheWaitAtOnce() throws Exception {
        assertEquals(QuietPeriod.Outcome.ABSENT, quiet.awaitOn(tmp.resolve("none.jsonl")));
    }
}
