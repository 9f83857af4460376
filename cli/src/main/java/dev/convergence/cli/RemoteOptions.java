package dev.convergence.cli;

import dev.convergence.api.BadInputException;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code --remote URL | --cluster DIR | --s3 S3URI}: at most one, turned into one cluster location. */
final class RemoteOptions {

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Choice choice;

    static final class Choice {
        @Option(names = "--remote", paramLabel = "URL", description = "Git cluster: a local path, file://, git://, ssh://, git@host:path or https:// URL.")
        String remote;

        @Option(names = "--cluster", paramLabel = "DIR", description = "Directory cluster: a folder (or a Commons VFS URI) shared by your machines.")
        String cluster;

        @Option(names = "--s3", paramLabel = "S3URI", description = "S3 cluster: s3://BUCKET/PREFIX.")
        String s3;
    }

    Optional<String> text() {
        if (choice == null) {
            return Optional.empty();
        }
        if (choice.remote != null) {
            return Optional.of(choice.remote);
        }
        if (choice.cluster != null) {
            return Optional.of("dir:" + choice.cluster);
        }
        if (!choice.s3.startsWith("s3://")) {
            throw new BadInputException("--s3 needs an s3://BUCKET/PREFIX location, not '" + choice.s3 + "'", "e.g. --s3 s3://my-bucket/convergence");
        }
        return Optional.of(choice.s3);
    }
}
