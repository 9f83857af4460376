package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** docs/commands.md, the man pages and the completion scripts all come from the one command model. */
class CommandReferenceTest {

    @TempDir
    Path tmp;

    @Test
    void docsCommandsMdIsTheGeneratedReference() throws IOException {
        Path file = SchemaCheck.docs().resolve("commands.md");
        String generated = CommandReference.markdown();
        if (Boolean.getBoolean("convergence.docs.update")) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        String committed = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        assertEquals(generated, committed, "docs/commands.md is out of date: rerun with -Dconvergence.docs.update=true");
    }

    @Test
    void everyCommandShowsAnExampleInItsHelp() {
        for (CommandLine cl : CommandReference.all(CommandReference.model())) {
            String help = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertTrue(help.contains("Example"), cl.getCommandSpec().qualifiedName() + " --help has no example:\n" + help);
        }
    }

    @Test
    void manPagesAreWrittenForEveryCommand() throws IOException {
        ManPageWriter.main(new String[] {tmp.toString(), "1.0"});
        String sync = Files.readString(tmp.resolve("convergence-sync.1"));
        assertTrue(sync.startsWith(".TH \"CONVERGENCE-SYNC\" \"1\""), sync);
        assertTrue(sync.contains(".SH SYNOPSIS") && sync.contains("\\-\\-all"), sync);
        assertTrue(Files.readString(tmp.resolve("convergence.1")).contains(".B sync"));
        assertTrue(Files.exists(tmp.resolve("convergence-hook-install.1")));
    }

    @Test
    void completionScriptsNameEveryTopLevelCommand() throws IOException {
        Machine m = new Machine(tmp, "a", "alice", "linux", "src/proj");
        for (String shell : List.of("bash", "zsh")) {
            String script = m.ok("completion", shell).out();
            assertTrue(script.contains("complete -F"), shell + ": " + script.substring(0, 200));
            for (String cmd : List.of("init", "join", "sync", "status", "plugins", "completion")) {
                assertTrue(script.contains(cmd), shell + " completion lacks " + cmd);
            }
        }
        assertTrue(m.ok("completion", "zsh").out().startsWith("#compdef convergence"));
        assertEquals(ExitCodes.BAD_INPUT, m.run("completion", "fish").code());
    }
}
