package dev.convergence.cli;

import dev.convergence.core.Environment;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the standard streams are connected to, which decides progress bars, colour and width.
 * {@link System#console()} only answers for stdin and stdout together, so each stream is checked
 * on its own: {@code CONVERGENCE_STDOUT_TTY} / {@code CONVERGENCE_STDERR_TTY} ({@code 1} or
 * {@code 0}) when set, else whether {@code /proc/self/fd/N} points at a terminal device. A stream
 * that is not this process's own ({@link Main#run} given a buffer) is never a terminal.
 *
 * @param stdoutTty whether standard output is a terminal
 * @param stderrTty whether standard error is a terminal
 * @param colour    whether to colour stdout: a terminal, {@code NO_COLOR} unset and {@code TERM} not {@code dumb}
 * @param width     columns to fit text in ({@code COLUMNS}, else 100)
 */
record Terminal(boolean stdoutTty, boolean stderrTty, boolean colour, int width) {

    private static final int DEFAULT_WIDTH = 100;

    static Terminal of(Environment env, PrintStream out, PrintStream err) {
        boolean stdout = decide(env, "CONVERGENCE_STDOUT_TTY", out == System.out, 1);
        boolean stderr = decide(env, "CONVERGENCE_STDERR_TTY", err == System.err, 2);
        boolean colour = stdout && env.get("NO_COLOR").isEmpty() && !env.get("TERM").orElse("").equals("dumb");
        return new Terminal(stdout, stderr, colour, width(env));
    }

    private static boolean decide(Environment env, String override, boolean ownStream, int fd) {
        return env.get(override).map(v -> v.equals("1") || v.equalsIgnoreCase("true"))
                .orElseGet(() -> ownStream && isTerminal(fd));
    }

    /** Linux: the fd links to a pseudo-terminal or a console ({@code /dev/pts/3}, {@code /dev/tty1}). */
    private static boolean isTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static int width(Environment env) {
        try {
            int w = Integer.parseInt(env.get("COLUMNS").orElse(""));
            return w >= 40 ? w : DEFAULT_WIDTH;
        } catch (NumberFormatException e) {
            return DEFAULT_WIDTH;
        }
    }

    /** {@code text} in bold when colouring. */
    String bold(String text) {
        return sgr("1", text);
    }

    String green(String text) {
        return sgr("32", text);
    }

    String red(String text) {
        return sgr("31", text);
    }

    String yellow(String text) {
        return sgr("33", text);
    }

    private String sgr(String code, String text) {
        return colour ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
