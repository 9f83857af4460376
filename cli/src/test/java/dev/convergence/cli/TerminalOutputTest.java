package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What reaches the terminal, stdout and stderr, in a real pseudo-terminal and without one:
 * progress only on stderr (a bar on a terminal, plain lines otherwise, nothing with --quiet),
 * colour only on a terminal and never with NO_COLOR.
 */
class TerminalOutputTest {

    private static final String ESC = "\u001b";
    /** Show progress at once (normally only after a second), and a plain line for every file. */
    private static final Map<String, String> EAGER = Map.of("CONVERGENCE_PROGRESS_DELAY_MS", "0", "CONVERGENCE_PROGRESS_INTERVAL_MS", "0");

    @TempDir
    Path tmp;

    private Machine a;

    @BeforeEach
    void aProjectWithUnpushedSessions() throws IOException {
        a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        a.appendSession("11111111-aaaa-4aaa-8aaa-000000000001", 2);
        a.ok("init", a.root.toString(), "--remote", tmp.resolve("cluster.git").toString());
        a.appendSession("22222222-aaaa-4aaa-8aaa-000000000002", 20);
        a.appendSession("33333333-aaaa-4aaa-8aaa-000000000003", 20);
    }

    @Test
    void onATerminalProgressIsABarOnStderrAndStdoutStaysClean() throws Exception {
        assumeTrue(CliProcess.scriptAvailable(), "util-linux script is not installed");
        CliProcess.Output r = CliProcess.inTerminal(a, tmp, EAGER, true, "push");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.terminal().contains("\r") && r.terminal().contains("proj push [") && r.terminal().contains("2/2 files"), r.toString());
        assertTrue(r.terminal().contains(ESC + "[K"), "the bar is redrawn in place: " + r);
        assertEquals("proj: pushed 2 files\n", r.stdout(), r.toString());
    }

    @Test
    void withoutATerminalProgressIsPlainLinesOnStderr() throws Exception {
        CliProcess.Output r = CliProcess.withPipes(a, tmp, EAGER, "push");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.terminal().lines().anyMatch(l -> l.startsWith("proj push: 2/2 files")), r.toString());
        assertTrue(r.terminal().lines().anyMatch(l -> l.startsWith("proj: done in")), r.toString());
        assertFalse(r.terminal().contains("\r") || r.terminal().contains(ESC), "no terminal control in plain lines: " + r);
        assertEquals("proj: pushed 2 files\n", r.stdout(), r.toString());
    }

    @Test
    void quietShowsNoProgressOnATerminal() throws Exception {
        assumeTrue(CliProcess.scriptAvailable(), "util-linux script is not installed");
        CliProcess.Output r = CliProcess.inTerminal(a, tmp, EAGER, true, "push", "--quiet");
        assertEquals(0, r.code(), r.toString());
        assertEquals("", r.terminal(), r.toString());
        assertEquals("proj: pushed 2 files\n", r.stdout(), r.toString());
    }

    @Test
    void quietShowsNoProgressWithoutATerminal() throws Exception {
        CliProcess.Output r = CliProcess.withPipes(a, tmp, EAGER, "--quiet", "push");
        assertEquals("", r.terminal(), r.toString());
        assertEquals("proj: pushed 2 files\n", r.stdout(), r.toString());
    }

    @Test
    void colourOnATerminalButNotWithNoColor() throws Exception {
        assumeTrue(CliProcess.scriptAvailable(), "util-linux script is not installed");
        CliProcess.Output coloured = CliProcess.inTerminal(a, tmp, Map.of(), false, "status", a.root.toString());
        assertTrue(coloured.terminal().contains(ESC + "[1mMACHINE"), coloured.toString());
        CliProcess.Output plain = CliProcess.inTerminal(a, tmp, Map.of("NO_COLOR", "1"), false, "status", a.root.toString());
        assertEquals(0, plain.code(), plain.toString());
        assertTrue(plain.terminal().contains("MACHINE"), plain.toString());
        assertFalse(plain.terminal().contains(ESC), plain.toString());
    }

    @Test
    void noColourWhenStdoutIsAFileEvenOnATerminal() throws Exception {
        assumeTrue(CliProcess.scriptAvailable(), "util-linux script is not installed");
        CliProcess.Output r = CliProcess.inTerminal(a, tmp, Map.of(), true, "doctor", a.contextDir().toString());
        assertTrue(r.stdout().contains("Safe to sync."), r.toString());
        assertFalse(r.stdout().contains(ESC), r.toString());
    }

    @Test
    void inProcessFastCommandsPrintNoProgressAtAll() throws IOException {
        Machine.Result r = a.ok("push");
        assertEquals("", r.err(), "progress waits a second before showing anything");
    }

    @Test
    void theTerminalHintForcesTheBarWhereDetectionCannotSeeATerminal() {
        a.set("CONVERGENCE_STDERR_TTY", "1").set("CONVERGENCE_PROGRESS_DELAY_MS", "0");
        Machine.Result r = a.ok("push");
        assertTrue(r.err().contains("\rproj push ["), r.toString());
        assertFalse(r.out().contains("\r"), r.toString());
    }

    @Test
    void doctorShowsProgressOnStderrOnly() {
        a.set("CONVERGENCE_PROGRESS_DELAY_MS", "0").set("CONVERGENCE_PROGRESS_INTERVAL_MS", "0");
        Machine.Result r = a.run("doctor", a.root.toString());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("proj doctor: \\d+/\\d+ files.*")), r.toString());
        assertFalse(r.out().contains("files,") && r.out().contains("MB/s"), "no progress on stdout: " + r.out());
        Machine.Result quiet = a.run("doctor", a.root.toString(), "-q");
        assertEquals("", quiet.err(), quiet.toString());
    }
}
