package dev.convergence.transport.git;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.testkit.ClusterFixture;
import dev.convergence.testkit.TransportContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The whole transport contract again with transcripts chunked from 64 KiB on, in 16 KiB chunks:
 * every {@code context/*.jsonl} the kit publishes past that size is stored as a chunk tree.
 */
class ChunkedGitTransportContractTest extends TransportContract {

    static final Map<String, String> SMALL_CHUNKS = Map.of(
            "CONVERGENCE_GIT_CHUNK_THRESHOLD", "65536", "CONVERGENCE_GIT_CHUNK_SIZE", "16384");

    @Override
    protected ClusterFixture newCluster(Path tempDir) throws Exception {
        Path home = Files.createDirectories(tempDir.resolve("home"));
        Path scratch = Files.createDirectories(tempDir.resolve("machines"));
        return new ClusterFixture(new GitTransportProvider(), ClusterUri.parse(tempDir.resolve("cluster.git").toString()),
                home, SMALL_CHUNKS, scratch);
    }

    @Override
    protected Optional<ClusterFixture> newForeignLocation(Path tempDir) throws Exception {
        Path repo = ForeignRepository.create(tempDir.resolve("someone-elses.git"));
        Path scratch = Files.createDirectories(tempDir.resolve("machines"));
        return Optional.of(new ClusterFixture(new GitTransportProvider(), ClusterUri.parse(repo.toString()),
                Files.createDirectories(tempDir.resolve("home")), SMALL_CHUNKS, scratch));
    }

    @Override
    protected boolean offersAppends() {
        return true;
    }

    @Override
    protected long largeFileSize() {
        return 8L << 20;
    }

    @Override
    protected boolean supportsMultiProcess() {
        return true;
    }
}
