package dev.convergence.transport.s3;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.testkit.ClusterFixture;
import dev.convergence.testkit.TransportContract;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The shared transport contract against a real S3 API (s3proxy), each test under a fresh prefix. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3TransportContractTest extends TransportContract {

    private S3ProxyServer server;

    @BeforeAll
    void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected ClusterFixture newCluster(Path tempDir) {
        ClusterUri uri = ClusterUri.parse("s3://" + S3ProxyServer.BUCKET + "/clusters/" + UUID.randomUUID());
        return new ClusterFixture(new S3TransportProvider(), uri, tempDir, server.environment(), tempDir);
    }

    @Override
    protected boolean supportsMultiProcess() {
        return true;
    }
}
