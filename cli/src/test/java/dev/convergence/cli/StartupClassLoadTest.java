package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up paths load no heavy library: checked with the JVM's own class-load log, in a child JVM. */
class StartupClassLoadTest {

    @TempDir
    Path tmp;

    @Test
    void versionLoadsNoTransportLibraryAndNoPicocli() throws Exception {
        for (String flag : List.of("--version", "-V")) {
            Path classLog = tmp.resolve("classes" + flag + ".log");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xlog:class+load=info:file=" + classLog, "-cp", System.getProperty("java.class.path"), Main.class.getName(), flag)
                    .directory(tmp.toFile());
            pb.environment().put("HOME", tmp.toString());
            pb.environment().put("CONVERGENCE_HOME", tmp.resolve(".convergence").toString());
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), err);
            assertTrue(out.startsWith("convergence "), out);
            assertEquals("", err);
            String loaded = Files.readString(classLog);
            assertTrue(loaded.contains("dev.convergence.cli.Main"), "the log is the class-load log");
            for (String heavy : List.of("org.eclipse.jgit", "software.amazon", "org.apache.commons.vfs2", "dev.convergence.transport", "picocli")) {
                assertFalse(loaded.contains(heavy), flag + " loaded " + heavy);
            }
        }
    }

    /** A sync with nothing to push never builds the secret scanners (the rule pack's keyword index). */
    @Test
    void aNoChangeSyncBuildsNoSecretScanner() throws Exception {
        Path home = tmp.resolve("home");
        Path root = Files.createDirectories(home.resolve("src/proj"));
        Path context = Files.createDirectories(home.resolve(".claude/projects").resolve(root.toString().replaceAll("[^A-Za-z0-9]", "-")));
        Files.writeString(context.resolve("0b7e6f4e-1a2b-4c3d-8e9f-001122334455.jsonl"),
                "{\"type\":\"user\",\"cwd\":\"" + root + "\",\"timestamp\":\"2026-11-25T00:00:00Z\"}\n");
        run(home, null, "init", root.toString(), "--remote", tmp.resolve("cluster.git").toString());
        Path classLog = tmp.resolve("sync-classes.log");
        run(home, classLog, "sync", root.toString());
        String loaded = Files.readString(classLog);
        assertTrue(loaded.contains("dev.convergence.core.sync.ProjectSync"), "the sync ran");
        for (String scanner : List.of("dev.convergence.api.scan.KeywordIndex", "dev.convergence.scanners.RuleScanner")) {
            assertFalse(loaded.contains(scanner + " "), "a no-change sync loaded " + scanner);
        }
        // Plain arguments run without picocli, and no other command's class is loaded.
        assertFalse(loaded.contains("picocli"), "a plain sync loaded picocli");
        assertFalse(loaded.contains("dev.convergence.cli.InitCommand "), "a plain sync loaded another command");

        // That sync left nothing pending: the next one ends without opening the cluster.
        Path quickLog = tmp.resolve("quick-sync-classes.log");
        run(home, quickLog, "sync", root.toString());
        String quick = Files.readString(quickLog);
        assertTrue(quick.contains("dev.convergence.core.sync.ProjectSync "), "the sync ran");
        for (String heavy : List.of("org.eclipse.jgit", "dev.convergence.transport.git.GitTransport ", "picocli")) {
            assertFalse(quick.contains(heavy), "a sync with nothing to do loaded " + heavy);
        }

        Path helpLog = tmp.resolve("sync-help-classes.log");
        run(home, helpLog, "sync", "--help");
        String help = Files.readString(helpLog);
        assertTrue(help.contains("picocli"), "help goes to picocli");
        assertFalse(help.contains("dev.convergence.cli.DoctorCommand "), "sync --help models sync alone");
    }

    private void run(Path home, Path classLog, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (classLog != null) {
            command.add("-Xlog:class+load=info:file=" + classLog);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
        pb.environment().put("HOME", home.toString());
        pb.environment().put("CONVERGENCE_HOME", home.resolve(".convergence").toString());
        pb.environment().put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
        pb.environment().put("CONVERGENCE_MACHINE_ID", "a1b2c3d4e5f6");
        pb.environment().remove("CLAUDE_PROJECTS_DIR");
        pb.environment().remove("CONVERGENCE_REMOTE");
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", args) + ": " + out + err);
    }
}
