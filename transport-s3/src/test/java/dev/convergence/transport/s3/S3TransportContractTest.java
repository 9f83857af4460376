package dev.convergence.transport.s3;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.testkit.ClusterFixture;
import dev.convergence.testkit.TransportContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.sync.RequestBody;

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
    protected Optional<ClusterFixture> newForeignLocation(Path tempDir) throws Exception {
        java.nio.file.Files.createDirectories(tempDir);
        String prefix = "photos/" + UUID.randomUUID();
        var env = server.environment();
        try (var s3 = new S3ClientFactory().create(S3Settings.from(Map.of(), env), env, List.of())) {
            s3.putObject(b -> b.bucket(S3ProxyServer.BUCKET).key(prefix + "/cat.jpg"), RequestBody.fromString("meow"));
        }
        ClusterUri uri = ClusterUri.parse("s3://" + S3ProxyServer.BUCKET + "/" + prefix);
        return Optional.of(new ClusterFixture(new S3TransportProvider(), uri, tempDir, env, tempDir));
    }

    @Override
    protected boolean supportsMultiProcess() {
        return true;
    }
}
