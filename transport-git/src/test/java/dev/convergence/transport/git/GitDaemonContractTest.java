package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.testkit.ClusterFixture;
import dev.convergence.testkit.TransportContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The whole transport contract over {@code git://} against a real {@code git daemon} on 127.0.0.1. */
class GitDaemonContractTest extends TransportContract {

    @TempDir
    static Path served;
    private static GitDaemon daemon;
    private static final AtomicInteger REPOSITORIES = new AtomicInteger();

    @BeforeAll
    static void startDaemon() throws Exception {
        assumeTrue(GitDaemon.gitIsInstalled(), "no git binary on the PATH");
        daemon = GitDaemon.serve(Files.createDirectories(served.resolve("repos")), served.resolve("daemon.log"));
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Override
    protected ClusterFixture newCluster(Path tempDir) throws Exception {
        String name = "cluster-" + REPOSITORIES.incrementAndGet() + ".git";
        BareRepositories.createEmpty(served.resolve("repos").resolve(name));
        return ClusterFixture.of(new GitTransportProvider(), ClusterUri.parse(daemon.url(name)),
                Files.createDirectories(tempDir.resolve("home")), Files.createDirectories(tempDir.resolve("machines")));
    }

    @Override
    protected Optional<ClusterFixture> newForeignLocation(Path tempDir) throws Exception {
        String name = "foreign-" + REPOSITORIES.incrementAndGet() + ".git";
        Path repo = ForeignRepository.create(served.resolve("repos").resolve(name));
        try (FileRepository r = new FileRepository(repo.toFile())) {
            BareRepositories.quiet(r);
        }
        return Optional.of(ClusterFixture.of(new GitTransportProvider(), ClusterUri.parse(daemon.url(name)),
                Files.createDirectories(tempDir.resolve("home")), Files.createDirectories(tempDir.resolve("machines"))));
    }

    @Override
    protected boolean supportsMultiProcess() {
        return true;
    }
}
