package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.AuthenticationException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may reach an SSH cluster, and how the address may be written. */
class SshAccessTest {

    @TempDir
    Path tempDir;
    private SshGitServer server;
    private KeyPair authorizedKey;

    @BeforeEach
    void startServer() throws Exception {
        authorizedKey = SshGitServer.newKeyPair();
        Path repos = Files.createDirectories(tempDir.resolve("repos"));
        BareRepositories.createEmpty(repos.resolve("cluster.git"));
        server = SshGitServer.serve(repos, authorizedKey.getPublic());
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void aKeyTheServerDoesNotAcceptIsAnAuthenticationFailure() throws Exception {
        Path home = SshHome.create(tempDir.resolve("intruder"), SshGitServer.newKeyPair(), server.hostKey(),
                server.port(), "cluster-host");
        try (Transport t = open(server.url("cluster.git"), home)) {
            AuthenticationException e = assertThrows(AuthenticationException.class, t::listProjects);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(e.hint().isEmpty());
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedWithoutPrompting() throws Exception {
        Path home = SshHome.create(tempDir.resolve("stranger"), authorizedKey, SshGitServer.newKeyPair().getPublic(),
                server.port(), "cluster-host");
        try (Transport t = open(server.url("cluster.git"), home)) {
            TransportException e = assertThrows(TransportException.class, t::listProjects);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void anScpLikeAddressResolvedThroughSshConfigWorks() throws Exception {
        Path home = SshHome.create(tempDir.resolve("home"), authorizedKey, server.hostKey(), server.port(),
                "cluster-host");
        ClusterUri uri = ClusterUri.parse("git@cluster-host:cluster.git");
        assertEquals("ssh", uri.scheme());
        try (Transport t = open(uri.toString(), home)) {
            FirstProject.publishAndReadBack(t);
        }
        assertTrue(Files.isDirectory(tempDir.resolve("repos/cluster.git/refs/heads/project")));
    }

    private Transport open(String uri, Path home) throws Exception {
        TransportContext context = new TransportContext(Files.createDirectories(tempDir.resolve("cache-" + home.getFileName())),
                home, Map.of(), Map.of());
        return new GitTransportProvider().open(ClusterUri.parse(uri), context);
    }
}
