package dev.convergence.core.hook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HookLogTest {

    @TempDir
    Path tmp;

    private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void eachAppendIsOneLineAndTailGivesTheNewest() {
        HookLog log = new HookLog(tmp.resolve("logs/hook.log"), 1 << 20);
        for (int i = 0; i < 8; i++) {
            log.append(T, "run " + i + (i == 3 ? "\nwith a break" : ""));
        }
        assertEquals(List.of("2026-11-25T10:00:00Z run 5", "2026-11-25T10:00:00Z run 6", "2026-11-25T10:00:00Z run 7"), log.tail(3));
        assertEquals("2026-11-25T10:00:00Z run 3 with a break", log.tail(5).get(0));
    }

    @Test
    void theLogIsCutToItsNewestHalfWhenItPassesTheLimit() throws Exception {
        HookLog log = new HookLog(tmp.resolve("hook.log"), 4096);
        for (int i = 0; i < 400; i++) {
            log.append(T, "run " + i);
        }
        long size = Files.size(log.file());
        assertTrue(size <= 4096, "bounded: " + size);
        List<String> lines = Files.readAllLines(log.file());
        assertEquals("2026-11-25T10:00:00Z run 399", lines.get(lines.size() - 1));
        assertTrue(lines.stream().allMatch(l -> l.startsWith("2026-11-25T10:00:00Z run ")), "no partial lines");
    }

    @Test
    void noLogMeansNoRuns() {
        assertEquals(List.of(), HookLog.in(tmp).tail(5));
    }
}
