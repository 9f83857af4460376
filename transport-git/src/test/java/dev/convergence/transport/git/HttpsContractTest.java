package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.testkit.ClusterFixture;
import dev.convergence.testkit.TransportContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transport contract over {@code https://} against {@code git http-backend} behind a TLS server
 * on loopback: Basic auth from {@code ~/.git-credentials}, the self-signed CA from
 * {@code http.sslCAInfo} in {@code ~/.gitconfig}.
 */
class HttpsContractTest extends TransportContract {

    private static final String PASSWORD = "contract-password";

    @TempDir
    static Path served;
    @AutoClose
    private static HttpsGitServer server;
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @BeforeAll
    static void startServer() throws Exception {
        assumeTrue(GitDaemon.gitIsInstalled(), "no git binary on the PATH");
        server = HttpsGitServer.serve(Files.createDirectories(served.resolve("repos")), "contract", PASSWORD, served);
    }

    @Override
    protected ClusterFixture newCluster(Path tempDir) throws Exception {
        String name = "cluster-" + REPOSITORIES.incrementAndGet() + ".git";
        BareRepositories.createEmpty(served.resolve("repos").resolve(name));
        Path home = tempDir.resolve("home");
        server.trustInGitconfig(home);
        server.writeGitCredentials(home, PASSWORD);
        return ClusterFixture.of(new GitTransportProvider(), ClusterUri.parse(server.url(name)), home,
                Files.createDirectories(tempDir.resolve("machines")));
    }

    /** Every request is a TLS handshake and a git process on the server; a smaller large file keeps the kit fast. */
    @Override
    protected long largeFileSize() {
        return 24L * 1024 * 1024;
    }
}
