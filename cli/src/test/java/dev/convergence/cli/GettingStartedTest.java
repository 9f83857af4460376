package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Follows docs/getting-started.md literally: every {@code laptop$ convergence …} and
 * {@code desktop$ convergence …} line of its {@code console} blocks runs, in order, on two
 * simulated machines sharing one cluster; the desktop ends up with the laptop's session at its own paths.
 */
class GettingStartedTest {

    private static final String CLUSTER_IN_DOC = "git@github.com:you/claude-context.git";
    private static final Pattern COMMAND = Pattern.compile("^(laptop|desktop)\\$ convergence(.*)$");

    @TempDir
    Path tmp;

    record Step(String machine, List<String> args) {
    }

    static List<Step> steps(String markdown) {
        List<Step> steps = new ArrayList<>();
        boolean inConsole = false;
        for (String line : markdown.split("\n")) {
            if (line.startsWith("```")) {
                inConsole = !inConsole && line.strip().equals("```console");
                continue;
            }
            Matcher m = COMMAND.matcher(line);
            if (inConsole && m.matches()) {
                String rest = m.group(2).strip();
                steps.add(new Step(m.group(1), rest.isEmpty() ? List.of() : Arrays.asList(rest.split("\\s+"))));
            }
        }
        return steps;
    }

    @Test
    void theGuideTakesTheLaptopsSessionToTheDesktop() throws IOException {
        List<Step> steps = steps(Files.readString(SchemaCheck.docs().resolve("getting-started.md")));
        assertTrue(steps.size() >= 8, "the guide's commands: " + steps);
        assertTrue(steps.stream().anyMatch(s -> s.args().get(0).equals("init")) && steps.stream().anyMatch(s -> s.args().get(0).equals("join")));

        Machine laptop = new Machine(tmp, "laptop", "you", "linux", "src/proj");
        Machine desktop = new Machine(tmp, "desktop", "you", "darwin", "work/proj");
        String cluster = tmp.resolve("claude-context.git").toString();
        String session = "5b749b68-71e2-4c35-b436-014cd6ad21a8";
        laptop.appendSession(session, 4);

        for (Step step : steps) {
            Machine m = step.machine().equals("laptop") ? laptop : desktop;
            String[] args = step.args().stream()
                    .map(a -> a.equals(CLUSTER_IN_DOC) ? cluster : a.startsWith("~/") ? m.home.resolve(a.substring(2)).toString() : a)
                    .toArray(String[]::new);
            m.ok(args);
        }

        Path onDesktop = desktop.contextDir().resolve(session + ".jsonl");
        assertTrue(Files.isRegularFile(onDesktop), "the desktop holds the laptop's session where Claude Code looks");
        String text = Files.readString(onDesktop);
        assertTrue(text.contains("\"cwd\":" + Machine.json(desktop.nativeRoot())), text);
        assertFalse(text.contains(laptop.nativeRoot()), "no laptop path is left in it");
        assertTrue(Files.readString(desktop.env().settingsPath()).contains("hook-sync"), "the desktop's hook is installed");
    }
}
