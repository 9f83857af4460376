package dev.convergence.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code convergence} as a real process, as a user would, either with plain pipes or inside a
 * pseudo-terminal made by util-linux {@code script}. The CLI's stdout goes to a file so it can be
 * told apart from stderr, which stays on the terminal (or pipe).
 */
final class CliProcess {

    /** What one run produced: stdout (from the file), and whatever reached the terminal or the stderr pipe. */
    record Output(int code, String stdout, String terminal) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + stdout + "--- terminal/stderr\n" + terminal;
        }
    }

    private CliProcess() {
    }

    static boolean scriptAvailable() {
        return Files.isExecutable(Path.of("/usr/bin/script")) || Files.isExecutable(Path.of("/bin/script"));
    }

    /** Runs in a pseudo-terminal: stderr is a tty; stdout too unless {@code stdoutToFile}. */
    static Output inTerminal(Machine m, Path work, Map<String, String> extraEnv, boolean stdoutToFile, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "stdout", ".txt");
        String cmd = shellWords(command(args)) + (stdoutToFile ? " >" + quote(out.toString()) : "");
        return run(m, extraEnv, List.of("script", "-qfec", cmd, "/dev/null"), out, stdoutToFile);
    }

    /** Runs with stdout and stderr both plain pipes (no terminal). */
    static Output withPipes(Machine m, Path work, Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "stdout", ".txt");
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", shellWords(command(args)) + " >" + quote(out.toString())));
        return run(m, extraEnv, cmd, out, true);
    }

    private static Output run(Machine m, Map<String, String> extraEnv, List<String> cmd, Path out, boolean outInFile)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(m.root.toFile()).redirectInput(new File("/dev/null"));
        pb.environment().clear();
        pb.environment().putAll(m.vars());
        pb.environment().putAll(extraEnv);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] terminal = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("convergence did not finish within 60 s: " + cmd);
        }
        String stdout = outInFile ? Files.readString(out, StandardCharsets.UTF_8) : "";
        return new Output(p.exitValue(), stdout, new String(terminal, StandardCharsets.UTF_8));
    }

    private static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String shellWords(List<String> words) {
        return String.join(" ", words.stream().map(CliProcess::quote).toList());
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
