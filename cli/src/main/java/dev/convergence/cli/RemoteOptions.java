package dev.convergence.cli;

import dev.convergence.api.BadInputException;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code --remote URL | --cluster DIR | --s3 S3URI}: at most one, turned into one cluster location. */
final class RemoteOptions {

    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "%nCluster (at most one; without one: $CONVERGENCE_REMOTE, the project's remembered remote, then this machine's default):%n")
    Choice choice;

    static final class Choice {
        @Option(names = "--remote", paramLabel = "URL", description = "Git cluster: a local path, file://, git://, ssh://, git@host:path or https:// URL.")
        String remote;

        @Option(names = "--cluster", paramLabel = "DIR", description = "Directory cluster: a folder (or a Commons VFS URI) shared by your machines.")
        String cluster;

        @Option(names = "--s3", paramLabel = "S3URI", description = "S3 cluster: s3://BUCKET/PREFIX.")
        String s3;
    }

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "S3-compatible endpoint (MinIO, R2, Ceph); path-style access.")
    String s3Endpoint;

    @Option(names = "--s3-profile", paramLabel = "NAME", description = "AWS profile for credentials and region.")
    String s3Profile;

    @Option(names = "--s3-region", paramLabel = "REGION", description = "AWS region of the bucket.")
    String s3Region;

    /** Transport options from the flags ({@code s3.endpoint}, {@code s3.profile}, {@code s3.region}). */
    java.util.Map<String, String> options() {
        java.util.Map<String, String> m = new java.util.TreeMap<>();
        if (s3Endpoint != null) {
            m.put("s3.endpoint", s3Endpoint);
        }
        if (s3Profile != null) {
            m.put("s3.profile", s3Profile);
        }
        if (s3Region != null) {
            m.put("s3.region", s3Region);
        }
        return m;
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
