package dev.convergence.transport.dir;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.testkit.ClusterFixture;
import dev.convergence.testkit.TransportContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The shared transport contract, on a {@code file:} cluster folder (safe across processes). */
class DirTransportContractTest extends TransportContract {

    @Override
    protected ClusterFixture newCluster(Path tempDir) {
        return ClusterFixture.of(new DirTransportProvider(), ClusterUri.directory(tempDir.resolve("cluster folder é").toString()),
                tempDir, tempDir);
    }

    @Override
    protected Optional<ClusterFixture> newForeignLocation(Path tempDir) throws Exception {
        Path photos = Files.createDirectories(tempDir.resolve("photos"));
        Files.writeString(photos.resolve("cat.jpg"), "meow");
        return Optional.of(ClusterFixture.of(new DirTransportProvider(), ClusterUri.directory(photos.toString()), tempDir, tempDir));
    }

    @Override
    protected boolean supportsMultiProcess() {
        return true;
    }

    @Override
    protected int raceRounds() {
        return 20;
    }
}
