package dev.convergence.core.hook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.BadInputException;
import dev.convergence.api.ConfigException;
import dev.convergence.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Editing real settings.json files in temp dirs. */
class HookInstallerTest {

    private static final String OURS = "/opt/conv/bin/convergence hook-sync";

    @TempDir
    Path tmp;

    private Path settings() {
        return tmp.resolve("claude").resolve("settings.json");
    }

    private HookInstaller installer() {
        return new HookInstaller(settings(), tmp.resolve("backups"), Instant.parse("2026-11-25T10:00:00Z"));
    }

    private void write(String text) throws IOException {
        Files.createDirectories(settings().getParent());
        Files.writeString(settings(), text);
    }

    private String read() throws IOException {
        return Files.readString(settings());
    }

    private SettingsChange install() {
        return installer().install(HookEvent.STOP, OURS, 15);
    }

    @Test
    void installCreatesTheFileAndItsFolderWhenAbsent() throws IOException {
        SettingsChange c = install();
        assertTrue(c.changed() && c.created());
        assertEquals("""
                {
                  "hooks": {
                    "Stop": [
                      {
                        "matcher": "",
                        "hooks": [
                          {
                            "type": "command",
                            "command": "/opt/conv/bin/convergence hook-sync",
                            "timeout": 15
                          }
                        ]
                      }
                    ]
                  }
                }
                """, read());
        assertEquals(Optional.empty(), c.backup(), "nothing to back up");
    }

    @Test
    void installIntoAnEmptyObjectAndUninstallGiveBackTheSameBytes() throws IOException {
        write("{}\n");
        install();
        assertEquals(List.of(new InstalledHook("Stop", OURS, Optional.of(15L))), installer().installed());
        installer().uninstall(Optional.empty());
        assertEquals("{}\n", read());
    }

    @Test
    void installKeepsOtherHooksOnStopAndOnOtherEvents() throws Exception {
        String before = """
                {
                  "model": "opus",
                  "hooks": {
                    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "audit.sh"}]}],
                    "Stop": [{"matcher": "", "hooks": [{"type": "command", "command": "notify-send done"}]}]
                  },
                  "permissions": {"allow": []}
                }
                """;
        write(before);
        install();
        Map<String, Object> root = Json.parseObject(read());
        assertEquals(List.of("model", "hooks", "permissions"), List.copyOf(root.keySet()));
        assertEquals(Json.writeCompact(Json.parseObject(before).get("permissions")), Json.writeCompact(root.get("permissions")));
        String hooks = Json.writeCompact(root.get("hooks"));
        assertTrue(hooks.contains("\"command\":\"audit.sh\""), hooks);
        assertTrue(hooks.indexOf("notify-send done") < hooks.indexOf(OURS), "the user's Stop hook stays first: " + hooks);
        assertTrue(read().startsWith("{\n  \"model\": \"opus\",\n  \"hooks\": {"), "bytes before the hooks member untouched");
        assertTrue(read().endsWith("  },\n  \"permissions\": {\"allow\": []}\n}\n"), "bytes after it untouched: " + read());

        installer().uninstall(Optional.empty());
        Map<String, Object> after = Json.parseObject(read());
        assertEquals(Json.writeCompact(Json.parseObject(before)), Json.writeCompact(after), "uninstall removes only ours");
    }

    @Test
    void installingTwiceKeepsOneEntryAndLeavesTheFileUntouched() throws IOException {
        install();
        byte[] once = Files.readAllBytes(settings());
        SettingsChange again = install();
        assertFalse(again.changed());
        assertArrayEquals(once, Files.readAllBytes(settings()));
        assertEquals(1, installer().installed().size());
        assertFalse(Files.exists(tmp.resolve("backups")), "no write, no backup");
    }

    @Test
    void anEntryOfOursAlreadyPresentIsUpdatedInPlaceNotDuplicated() throws IOException {
        write("""
                {"hooks": {"Stop": [{"matcher": "", "hooks": [
                  {"command": "convergence hook-sync", "type": "command"},
                  {"type": "command", "command": "say done"}]}]}}""");
        install();
        List<InstalledHook> ours = installer().installed();
        assertEquals(List.of(new InstalledHook("Stop", OURS, Optional.of(15L))), ours);
        String text = read();
        assertTrue(text.indexOf(OURS) < text.indexOf("say done"), "kept its place: " + text);
        assertTrue(text.indexOf("\"command\": \"" + OURS) < text.indexOf("\"type\": \"command\""), "kept its key order: " + text);
    }

    @Test
    void fourSpaceIndentNoTrailingNewlineAndOddKeyOrderArePreserved() throws IOException {
        write("{\n    \"zeta\": 1,\n    \"alpha\": {\n        \"b\": true,\n        \"a\": null\n    }\n}");
        install();
        assertEquals("""
                {
                    "zeta": 1,
                    "alpha": {
                        "b": true,
                        "a": null
                    },
                    "hooks": {
                        "Stop": [
                            {
                                "matcher": "",
                                "hooks": [
                                    {
                                        "type": "command",
                                        "command": "/opt/conv/bin/convergence hook-sync",
                                        "timeout": 15
                                    }
                                ]
                            }
                        ]
                    }
                }""", read());
        installer().uninstall(Optional.empty());
        assertEquals("{\n    \"zeta\": 1,\n    \"alpha\": {\n        \"b\": true,\n        \"a\": null\n    }\n}", read());
    }

    @Test
    void aOneLineFileStaysOnOneLine() throws IOException {
        write("{\"theme\":\"dark\"}\n");
        install();
        assertEquals("{\"theme\":\"dark\",\"hooks\":{\"Stop\":[{\"matcher\":\"\",\"hooks\":[{\"type\":\"command\",\"command\":\""
                + OURS + "\",\"timeout\":15}]}]}}\n", read());
    }

    @Test
    void invalidJsonIsRefusedAndTheFileStaysByteIdentical() throws IOException {
        write("{\n  \"model\": \"opus\",\n}\n");
        byte[] before = Files.readAllBytes(settings());
        BadInputException e = assertThrows(BadInputException.class, this::install);
        assertTrue(e.getMessage().contains("not valid settings JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertArrayEquals(before, Files.readAllBytes(settings()));
        assertThrows(BadInputException.class, () -> installer().uninstall(Optional.empty()));
        assertArrayEquals(before, Files.readAllBytes(settings()));
    }

    @Test
    void aReadOnlyFileIsRefusedWithAClearMessage() throws IOException {
        write("{}\n");
        Files.setPosixFilePermissions(settings(), PosixFilePermissions.fromString("r--r--r--"));
        ConfigException e = assertThrows(ConfigException.class, this::install);
        assertTrue(e.getMessage().contains("read-only"), e.getMessage());
        assertEquals("{}\n", read());
        assertFalse(Files.exists(tmp.resolve("backups")));
    }

    @Test
    void aChangedFileIsBackedUpFirst() throws IOException {
        write("{\"a\": 1}\n");
        SettingsChange c = install();
        assertTrue(c.backup().isPresent());
        assertEquals("{\"a\": 1}\n", Files.readString(c.backup().get()));
        assertTrue(c.backup().get().getFileName().toString().startsWith("settings.json.convergence-backup-20261125T100000"));
    }

    @Test
    void uninstallLeavesOtherEventsAndAnEventWithOnlyOtherHooksAlone() throws IOException {
        write("{\"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"a.sh\"}]}]}}\n");
        installer().install(HookEvent.SESSION_END, OURS, 15);
        assertEquals(List.of("SessionEnd"), installer().installed().stream().map(InstalledHook::event).toList());
        installer().uninstall(Optional.empty());
        assertEquals("{\"hooks\": {\"Stop\": [{\"hooks\": [{\"type\": \"command\", \"command\": \"a.sh\"}]}]}}\n", read());
    }

    @Test
    void aSymlinkedSettingsFileIsEditedWhereItPointsAndStaysALink() throws IOException {
        Path real = tmp.resolve("dotfiles").resolve("settings.json");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "{}\n");
        Files.createDirectories(settings().getParent());
        Files.createSymbolicLink(settings(), real);
        install();
        assertTrue(Files.isSymbolicLink(settings()));
        assertTrue(Files.readString(real).contains(OURS));
    }

    @Test
    void theCommandIsTheLauncherPathQuotedWhenNeededElseConvergence() {
        assertEquals("convergence hook-sync", HookInstaller.commandFor(Optional.empty()));
        assertEquals("/usr/local/bin/convergence hook-sync", HookInstaller.commandFor(Optional.of("/usr/local/bin/convergence")));
        String spaced = HookInstaller.commandFor(Optional.of("/Users/a b/bin/convergence"));
        assertEquals("'/Users/a b/bin/convergence' hook-sync", spaced);
        assertTrue(HookInstaller.isOurs(spaced));
        assertFalse(HookInstaller.isOurs("convergence sync"));
        assertFalse(HookInstaller.isOurs("echo hook-sync"));
    }
}
