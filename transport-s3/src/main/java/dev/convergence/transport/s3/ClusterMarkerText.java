package dev.convergence.transport.s3;

/** The text of {@code <prefix>/CONVERGENCE-CLUSTER.md}, which marks a prefix as a cluster. */
final class ClusterMarkerText {

    static final String TEXT = """
            # Convergence cluster

            Objects under this prefix are managed by Convergence: `objects/<sha256>` holds file
            contents, `<project>/manifests/<n>.json` one manifest per published generation and
            `<project>/HEAD` the current one. Do not edit them by hand, and keep the bucket
            private: it holds your Claude Code session transcripts and memory.
            """;

    private ClusterMarkerText() {
    }
}
