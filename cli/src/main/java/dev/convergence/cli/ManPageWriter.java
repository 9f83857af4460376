package dev.convergence.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/** Build step: writes {@code convergence.1} and {@code convergence-<command>.1} into the folder given as the first argument. */
public final class ManPageWriter {

    private ManPageWriter() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/man");
        String version = args.length > 1 ? args[1] : "dev";
        Files.createDirectories(dir);
        for (CommandLine cl : CommandReference.all(CommandReference.model())) {
            Path page = dir.resolve(cl.getCommandSpec().qualifiedName("-") + ".1");
            Files.writeString(page, CommandReference.manPage(cl, version), StandardCharsets.UTF_8);
        }
    }
}
