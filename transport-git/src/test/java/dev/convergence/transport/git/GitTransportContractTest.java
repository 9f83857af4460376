package dev.convergence.transport.git;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.testkit.ClusterFixture;
import dev.convergence.testkit.TransportContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The whole transport contract against a bare repository given as a local path. */
class GitTransportContractTest extends TransportContract {

    @Override
    protected ClusterFixture newCluster(Path tempDir) throws Exception {
        Path home = Files.createDirectories(tempDir.resolve("home"));
        Path scratch = Files.createDirectories(tempDir.resolve("machines"));
        return ClusterFixture.of(new GitTransportProvider(),
                ClusterUri.parse(tempDir.resolve("cluster.git").toString()), home, scratch);
    }

    @Override
    protected Optional<ClusterFixture> newForeignLocation(Path tempDir) throws Exception {
        Path repo = ForeignRepository.create(tempDir.resolve("someone-elses.git"));
        Path scratch = Files.createDirectories(tempDir.resolve("machines"));
        return Optional.of(ClusterFixture.of(new GitTransportProvider(), ClusterUri.parse(repo.toString()),
                Files.createDirectories(tempDir.resolve("home")), scratch));
    }

    @Override
    protected boolean supportsMultiProcess() {
        return true;
    }
}
