package dev.convergence.core.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mtime a localized transcript gets: the newest record's timestamp in its last 64 KiB. */
class NewestRecordTest {

    @TempDir
    Path dir;

    @Test
    void newestIsFoundWhateverTheOrderAndTheWayItIsWritten() throws IOException {
        Path f = write("""
                {"type":"user","timestamp":"2026-11-25T10:00:00.000Z"}
                {"type":"user","timestamp":"2026-11-25T12:00:00.000Z"}
                {"type":"user","timestamp":"2026-11-25T11:00:00.000Z"}
                {"type":"user","timestamp":"2026-11-25T13:30:00+02:00"}
                {"type":"user","timestamp":"not a time"}
                {"type":"user","timestamp":"2026-11-25T11:59:59Z"}
                """);
        assertEquals(Instant.parse("2026-11-25T12:00:00Z"), Puller.newestRecord(f, Files.size(f)));
    }

    @Test
    void anOffsetTimeCanBeTheNewest() throws IOException {
        Path f = write("""
                {"timestamp":"2026-11-25T12:00:00.000Z"}
                {"timestamp":"2026-11-25T09:30:00-05:00"}
                """);
        assertEquals(Instant.parse("2026-11-25T14:30:00Z"), Puller.newestRecord(f, Files.size(f)));
    }

    @Test
    void noTimestampGivesNothing() throws IOException {
        Path f = write("{\"type\":\"summary\"}\n{\"timestamp\":\"\"}\n");
        assertNull(Puller.newestRecord(f, Files.size(f)));
    }

    @Test
    void agreesWithParsingEveryTimestampOnRandomFiles() throws IOException {
        Random random = new Random(20261125);
        for (int round = 0; round < 200; round++) {
            List<Instant> times = new ArrayList<>();
            Instant t = Instant.parse("2026-01-01T00:00:00Z");
            int lines = 1 + random.nextInt(40);
            for (int i = 0; i < lines; i++) {
                t = t.plusMillis(random.nextInt(100_000) - (random.nextInt(5) == 0 ? 200_000 : 0));
                times.add(t);
            }
            if (random.nextBoolean()) {
                Collections.shuffle(times, random);
            }
            StringBuilder text = new StringBuilder();
            for (Instant time : times) {
                String stamp = switch (random.nextInt(3)) {
                    case 0 -> time.toString();
                    case 1 -> String.format("%tFT%<tT.%<tLZ", java.util.Date.from(time).toInstant().atZone(java.time.ZoneOffset.UTC));
                    default -> time.atOffset(java.time.ZoneOffset.ofHours(random.nextInt(5) - 2)).toString();
                };
                text.append("{\"uuid\":\"x").append(text.length()).append("\",\"timestamp\":\"").append(stamp).append("\"}\n");
            }
            Path f = write(text.toString());
            Instant expected = times.stream().map(x -> x.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                    .max(Instant::compareTo).orElseThrow();
            Instant got = Puller.newestRecord(f, Files.size(f));
            assertEquals(expected, got.truncatedTo(java.time.temporal.ChronoUnit.MILLIS), "round " + round + ":\n" + text);
        }
    }

    private Path write(String text) throws IOException {
        Path f = Files.createTempFile(dir, "t", ".jsonl");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}
