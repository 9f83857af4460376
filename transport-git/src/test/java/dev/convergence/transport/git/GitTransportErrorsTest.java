package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.BadInputException;
import dev.convergence.api.ProjectId;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures come back as one-line Convergence exceptions with a hint, never as JGit's. */
class GitTransportErrorsTest {

    @TempDir
    Path tempDir;

    @Test
    void anUnreachableServerIsATransportExceptionThatSaysSo() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Transport t = open("git://127.0.0.1:" + closedPort + "/cluster.git")) {
            TransportException e = assertThrows(TransportException.class, t::listProjects);
            assertTrue(e.getMessage().startsWith("cannot reach cluster git://127.0.0.1:" + closedPort), e.getMessage());
            assertOneLineWithHint(e);
        }
    }

    @Test
    void aDirectoryThatIsNotAGitRepositoryIsRefused() throws Exception {
        Path dir = Files.createDirectories(tempDir.resolve("photos"));
        Files.writeString(dir.resolve("cat.jpg"), "meow");
        try (Transport t = open(dir.toString())) {
            TransportException e = assertThrows(TransportException.class, () -> t.ensureCluster(true));
            assertTrue(e.getMessage().contains("not a Convergence cluster"), e.getMessage());
            assertOneLineWithHint(e);
            assertThrows(TransportException.class, t::listProjects);
        }
    }

    @Test
    void aMissingPathIsCreatedWithItsParentsOnlyWhenAsked() throws Exception {
        Path cluster = tempDir.resolve("a/b/cluster.git");
        try (Transport t = open(cluster.toString())) {
            assertThrows(TransportException.class, () -> t.ensureCluster(false));
            assertTrue(Files.notExists(cluster));
            t.ensureCluster(true);
            assertEquals(List.of(), t.listProjects());
        }
        assertTrue(Files.isRegularFile(cluster.resolve("HEAD")));
    }

    @Test
    void fileUrlsAndRelativePathsNameTheSameCluster() throws Exception {
        Path cluster = tempDir.resolve("dir with space/cluster.git");
        try (Transport t = open(cluster.toUri().toString())) {
            t.ensureCluster(true);
            t.publish(ProjectId.of("p"), SnapshotToken.ABSENT,
                    new Changeset(Map.of("roster.json", Content.of(new byte[] {'{', '}'})), Set.of(), "create"));
        }
        Path relative = Path.of("").toAbsolutePath().relativize(cluster);
        try (Transport t = open(relative.toString())) {
            assertEquals(List.of(ProjectId.of("p")), t.listProjects());
        }
    }

    @Test
    void aPathGitCannotStoreIsBadInput() throws Exception {
        try (Transport t = open(tempDir.resolve("cluster.git").toString())) {
            t.ensureCluster(true);
            BadInputException e = assertThrows(BadInputException.class, () -> t.publish(ProjectId.of("p"),
                    SnapshotToken.ABSENT, new Changeset(Map.of("context/../x", Content.of(new byte[0])), Set.of(), "bad")));
            assertOneLineWithHint(e);
        }
    }

    @Test
    void aTokenThatIsNotACommitOfTheClusterIsStale() throws Exception {
        try (Transport t = open(tempDir.resolve("cluster.git").toString())) {
            t.ensureCluster(true);
            assertThrows(dev.convergence.api.StaleSnapshotException.class, () -> t.publish(ProjectId.of("p"),
                    new SnapshotToken("0123456789012345678901234567890123456789"),
                    new Changeset(Map.of("f", Content.of(new byte[] {1})), Set.of(), "x")));
        }
    }

    private static void assertOneLineWithHint(dev.convergence.api.ConvergenceException e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.hint().isEmpty());
    }

    private Transport open(String uri) throws Exception {
        return new GitTransportProvider().open(ClusterUri.parse(uri),
                new TransportContext(tempDir.resolve("cache"), tempDir.resolve("home"), Map.of(), Map.of()));
    }
}
