package dev.convergence.cli;

import dev.convergence.core.Environment;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a user command: {@code install.sh} runs this class once under
 * {@code -XX:ArchiveClassesAtExit} so the launcher's class-data-sharing archive holds the classes
 * the common commands load ({@code --version}, {@code --help}, {@code init}, {@code sync} with
 * nothing to do and with a change, {@code status}, {@code hook-sync}, {@code doctor}), and the
 * same for an encrypted project (the JDK's crypto classes are otherwise loaded from the runtime
 * image on every encrypted sync).
 * It works only inside {@code $HOME}, which the installer points at a fresh temp dir; it never
 * touches a real home. Prints nothing; always exits 0.
 */
public final class CdsTraining {

    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Environment env = Environment.system();
        Path home = env.home();
        if (!Files.isDirectory(home) || !home.getFileName().toString().startsWith("convergence-cds")) {
            // Refuse to run anywhere but the installer's temp home.
            System.exit(0);
        }
        Path root = home.resolve("src/proj");
        Files.createDirectories(root);
        Path ctx = home.resolve(".claude/projects").resolve(root.toString().replaceAll("[^A-Za-z0-9]", "-"));
        Files.createDirectories(ctx.resolve("memory"));
        Path session = ctx.resolve("0b8f3c2e-6a11-4d7e-9a0e-0c5c0c1d2e3f.jsonl");
        Files.writeString(session, line(root, 1), StandardCharsets.UTF_8);
        Files.writeString(ctx.resolve("memory/MEMORY.md"), "- notes for " + root + "\n", StandardCharsets.UTF_8);
        String cluster = home.resolve("cluster.git").toString();
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        byte[] hook = ("{\"session_id\":\"x\",\"hook_event_name\":\"Stop\",\"cwd\":\"" + home.resolve("elsewhere") + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        String[][] commands = {
            {"--version"},
            {"--help"},
            {"init", root.toString(), "--remote", cluster},
            {"sync", root.toString()},
            {"status", root.toString()},
            {"doctor", ctx.toString()},
        };
        for (String[] command : commands) {
            Main.run(env, command, quiet, quiet, new ByteArrayInputStream(new byte[0]));
        }
        Files.writeString(session, line(root, 2), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Main.run(env, new String[] {"sync", root.toString()}, quiet, quiet, new ByteArrayInputStream(new byte[0]));
        Main.run(env, new String[] {HookSyncCommand.NAME}, quiet, quiet, new ByteArrayInputStream(hook));
        trainEncrypted(env, home, quiet);
        System.exit(0);
    }

    /** An encrypted project of its own: init, then a sync with nothing to do and one with an append. */
    private static void trainEncrypted(Environment env, Path home, PrintStream quiet) throws IOException {
        Path root = home.resolve("src/sealed");
        Files.createDirectories(root);
        Path ctx = home.resolve(".claude/projects").resolve(root.toString().replaceAll("[^A-Za-z0-9]", "-"));
        Files.createDirectories(ctx);
        Path session = ctx.resolve("5d1e0c9a-2b7f-4c3e-8a61-3f0e9b2c4d5a.jsonl");
        Files.writeString(session, line(root, 1), StandardCharsets.UTF_8);
        String cluster = home.resolve("sealed.git").toString();
        Main.run(env, new String[] {"init", root.toString(), "--remote", cluster, "--encrypt"}, quiet, quiet,
                new ByteArrayInputStream(new byte[0]));
        Main.run(env, new String[] {"sync", root.toString()}, quiet, quiet, new ByteArrayInputStream(new byte[0]));
        Files.writeString(session, line(root, 2), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        Main.run(env, new String[] {"sync", root.toString()}, quiet, quiet, new ByteArrayInputStream(new byte[0]));
    }

    private static String line(Path root, int n) {
        return "{\"type\":\"user\",\"cwd\":\"" + root + "\",\"sessionId\":\"0b8f3c2e-6a11-4d7e-9a0e-0c5c0c1d2e3f\","
                + "\"timestamp\":\"2025-01-0" + n + "T00:00:00.000Z\",\"message\":{\"role\":\"user\",\"content\":\"read "
                + root + "/README.md\"}}\n";
    }
}
