package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.convergence.core.Environment;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * sync, push and pull with plain arguments skip picocli: whatever the short parser accepts, it
 * must read exactly as picocli does, and whatever it declines goes to picocli unchanged.
 */
class PlainSyncArgumentsTest {

    private static final List<String> TOKENS = List.of("-q", "--quiet", "--verbose", "--dry-run", "--scan-secrets", "--strict",
            "--redact", "--follow-symlinks", "--all", "--remote", "/tmp/cluster.git", "proj", "../other proj", "-h", "--help",
            "--remote=/x", "-qv", "--", "--dry", "-");

    @Test
    void whatThePlainParserAcceptsPicocliReadsTheSameWay() {
        Random rnd = new Random(20261125L);
        int accepted = 0;
        int declined = 0;
        for (int n = 0; n < 3000; n++) {
            List<String> args = new ArrayList<>();
            args.add(List.of("sync", "push", "pull").get(rnd.nextInt(3)));
            int len = rnd.nextInt(5);
            for (int i = 0; i < len; i++) {
                args.add(TOKENS.get(rnd.nextInt(TOKENS.size())));
            }
            String[] argv = args.toArray(String[]::new);
            Main plainMain = main();
            SyncCommands.Base plain = SyncCommands.plain(plainMain, argv);
            Main picoMain = main();
            CommandLine cl = Main.commandLine(picoMain, argv[0]);
            CommandLine.ParseResult parsed;
            try {
                parsed = cl.parseArgs(argv);
            } catch (CommandLine.ParameterException usageError) {
                assertNull(plain, "accepted what picocli refuses: " + args);
                declined++;
                continue;
            }
            boolean help = parsed.subcommand() != null && parsed.subcommand().isUsageHelpRequested();
            if (help) {
                assertNull(plain, "help must go to picocli: " + args);
                declined++;
                continue;
            }
            if (plain == null) {
                declined++;
                continue;
            }
            accepted++;
            SyncCommands.Base pico = parsed.subcommand().commandSpec().commandLine().getCommand();
            String what = String.join(" ", args);
            assertEquals(pico.getClass(), plain.getClass(), what);
            assertEquals(picoMain.quiet, plainMain.quiet, what);
            assertEquals(picoMain.verbose, plainMain.verbose, what);
            assertEquals(pico.dryRun, plain.dryRun, what);
            assertEquals(pico.remote, plain.remote, what);
            assertEquals(pico.scanSecrets, plain.scanSecrets, what);
            assertEquals(pico.strict, plain.strict, what);
            assertEquals(pico.redact, plain.redact, what);
            assertEquals(pico.followSymlinks, plain.followSymlinks, what);
            assertEquals(root(pico), root(plain), what);
            if (pico instanceof SyncCommands.Sync s) {
                assertEquals(s.all, ((SyncCommands.Sync) plain).all, what);
            }
            assertNotNull(plain.main, what);
        }
        // Both sides must have been exercised for the comparison to mean anything.
        assertEquals(true, accepted > 300, "accepted " + accepted);
        assertEquals(true, declined > 300, "declined " + declined);
    }

    private static Path root(SyncCommands.Base command) {
        if (command instanceof SyncCommands.Sync s) {
            return s.root;
        }
        if (command instanceof SyncCommands.Push p) {
            return p.root;
        }
        return ((SyncCommands.Pull) command).root;
    }

    private static Main main() {
        PrintStream sink = new PrintStream(PrintStream.nullOutputStream());
        return new Main(new CliContext(Environment.system(), sink, sink, new ByteArrayInputStream(new byte[0])));
    }
}
