package dev.convergence.transport.git;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.testkit.ClusterFixture;
import dev.convergence.testkit.TransportContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport contract over {@code ssh://} against an in-process SSH server on loopback, key auth
 * (the two-process race runs on the local and git:// kits; a smaller large file and fewer race rounds here).
 */
class SshContractTest extends TransportContract {

    @TempDir
    static Path served;
    private static SshGitServer server;
    private static KeyPair userKey;
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        userKey = SshGitServer.newKeyPair();
        server = SshGitServer.serve(Files.createDirectories(served.resolve("repos")), userKey.getPublic());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected ClusterFixture newCluster(Path tempDir) throws Exception {
        String name = "cluster-" + REPOSITORIES.incrementAndGet() + ".git";
        BareRepositories.createEmpty(served.resolve("repos").resolve(name));
        Path home = SshHome.create(tempDir.resolve("home"), userKey, server.hostKey(), server.port(), "cluster-host");
        return ClusterFixture.of(new GitTransportProvider(), ClusterUri.parse(server.url(name)), home,
                Files.createDirectories(tempDir.resolve("machines")));
    }

    /** Every git command over SSH costs a channel round trip; fewer rounds keep the kit fast. */
    @Override
    protected int raceRounds() {
        return 4;
    }

    @Override
    protected long largeFileSize() {
        return 24L * 1024 * 1024;
    }
}
