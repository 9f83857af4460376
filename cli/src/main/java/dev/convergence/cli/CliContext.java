package dev.convergence.cli;

import dev.convergence.core.Environment;
import java.io.InputStream;
import java.io.PrintStream;

/** What every command runs with: the machine's environment and the three standard streams. */
record CliContext(Environment env, PrintStream out, PrintStream err, InputStream in) {

    /** What stdout and stderr are connected to. */
    Terminal terminal() {
        return Terminal.of(env, out, err);
    }
}
