package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hook install|status|uninstall} against real settings files. */
class HookCommandTest {

    @TempDir
    Path tmp;

    private Machine m;

    @BeforeEach
    void machine() throws IOException {
        m = new Machine(tmp, "a", "alice", "linux", "src/proj");
        m.set("CONVERGENCE_LAUNCHER", "/opt/convergence/bin/convergence");
    }

    private Path userSettings() {
        return m.home.resolve(".claude").resolve("settings.json");
    }

    @Test
    void installWritesTheLauncherCommandIntoTheUserSettingsClaudeCodeReads() throws Exception {
        Machine.Result r = m.ok("hook", "install");
        assertTrue(r.out().contains("installed the sync hook"), r.out());
        Map<String, Object> root = Json.parseObject(Files.readString(userSettings()));
        assertEquals("{\"Stop\":[{\"matcher\":\"\",\"hooks\":[{\"type\":\"command\",\"command\":\"/opt/convergence/bin/convergence hook-sync\","
                + "\"timeout\":15}]}]}", Json.writeCompact(root.get("hooks")));
        assertTrue(m.ok("hook", "install").out().contains("nothing changed"));
    }

    @Test
    void claudeSettingsPathAndTheSettingsFlagChooseTheFile() throws Exception {
        Path custom = tmp.resolve("elsewhere/settings.json");
        m.set("CLAUDE_SETTINGS_PATH", custom.toString());
        m.ok("hook", "install", "--event", "SessionEnd");
        assertTrue(Files.readString(custom).contains("\"SessionEnd\""));
        m.ok("hook", "install", "--settings", ".claude/settings.json");
        assertTrue(Files.isRegularFile(m.root.resolve(".claude/settings.json")), "relative to the working directory");
        assertFalse(Files.exists(userSettings()));
    }

    @Test
    void invalidJsonIsRefusedWithExitTwoOneLineAndNothingWritten() throws IOException {
        Files.createDirectories(userSettings().getParent());
        Files.writeString(userSettings(), "{\"hooks\": {");
        byte[] before = Files.readAllBytes(userSettings());
        Machine.Result r = m.run("hook", "install");
        assertEquals(2, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("not valid settings JSON"), r.err());
        assertArrayEquals(before, Files.readAllBytes(userSettings()));
        assertEquals(List.of("settings.json"), List.of(userSettings().getParent().toFile().list()));
    }

    @Test
    void aReadOnlySettingsFileIsRefusedWithTheConfigExitCode() throws IOException {
        Files.createDirectories(userSettings().getParent());
        Files.writeString(userSettings(), "{}\n");
        Files.setPosixFilePermissions(userSettings(), PosixFilePermissions.fromString("r--r--r--"));
        Machine.Result r = m.run("hook", "install");
        assertEquals(ExitCodes.CONFIG, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("read-only"), r.err());
        assertEquals("{}\n", Files.readString(userSettings()));
    }

    @Test
    void anUnknownEventIsBadInput() {
        assertEquals(2, m.run("hook", "install", "--event", "PostToolUse").code());
    }

    @Test
    void statusSaysWhetherWhereWhatAndTheLastRuns() throws Exception {
        assertTrue(m.ok("hook", "status").out().contains("installed  no"));
        m.ok("hook", "install");
        Path log = m.home.resolve(".convergence/logs/hook.log");
        Files.createDirectories(log.getParent());
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 7; i++) {
            lines.append("2026-11-25T10:00:0").append(i).append("Z Stop proj abcd1234 synced: pushed 1, pulled 0 in 1.0 s\n");
        }
        Files.writeString(log, lines);
        String text = m.ok("hook", "status").out();
        assertTrue(text.contains("installed  yes, on Stop"), text);
        assertTrue(text.contains("command    /opt/convergence/bin/convergence hook-sync (Stop, timeout 15 s)"), text);
        assertFalse(text.contains("10:00:02Z"), "only the last five runs: " + text);
        assertTrue(text.contains("10:00:03Z") && text.contains("10:00:07Z"), text);

        Map<String, Object> json = Json.parseObject(m.ok("hook", "status", "--json").out());
        assertEquals(true, json.get("installed"));
        assertEquals(List.of("Stop"), json.get("events"));
        assertEquals(5, ((List<?>) json.get("last_runs")).size());
        assertTrue(Json.writeCompact(json.get("hooks")).contains("/opt/convergence/bin/convergence hook-sync"));
    }

    @Test
    void uninstallRemovesOnlyOursAndSaysSoWhenThereIsNone() throws IOException {
        Files.createDirectories(userSettings().getParent());
        Files.writeString(userSettings(), "{\n  \"hooks\": {\n    \"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"say hi\"}]}]\n  }\n}\n");
        m.ok("hook", "install");
        Machine.Result r = m.ok("hook", "uninstall");
        assertTrue(r.out().contains("removed the sync hook"), r.out());
        assertTrue(r.out().contains("previous version saved as"), r.out());
        String after = Files.readString(userSettings());
        assertTrue(after.contains("say hi") && !after.contains("hook-sync"), after);
        assertTrue(m.ok("hook", "uninstall").out().contains("nothing changed"));
    }
}
