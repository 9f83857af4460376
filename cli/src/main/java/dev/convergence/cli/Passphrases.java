package dev.convergence.cli;

import dev.convergence.api.BadInputException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Reads a passphrase from standard input ({@code --passphrase-stdin}): its first line. */
final class Passphrases {

    private Passphrases() {
    }

    static String fromStdin(CliContext ctx) {
        try {
            String line = new BufferedReader(new InputStreamReader(ctx.in(), StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new BadInputException("--passphrase-stdin: standard input held no passphrase", "pipe the passphrase in, one line");
            }
            return line;
        } catch (IOException e) {
            throw new BadInputException("--passphrase-stdin: cannot read standard input: " + e.getMessage(), "pipe the passphrase in");
        }
    }
}
