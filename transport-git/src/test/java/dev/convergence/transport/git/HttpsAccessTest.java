package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.api.AuthenticationException;
import dev.convergence.api.ConfigException;
import dev.convergence.api.ConvergenceException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may reach an HTTPS cluster: the login, and the certificate the server shows. */
class HttpsAccessTest {

    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path tempDir;
    @AutoClose
    private HttpsGitServer server;
    private Path caFile;

    @BeforeEach
    void startServer() throws Exception {
        assumeTrue(GitDaemon.gitIsInstalled(), "git is not installed");
        Path repos = Files.createDirectories(tempDir.resolve("repos"));
        BareRepositories.createEmpty(repos.resolve("cluster.git"));
        server = HttpsGitServer.serve(repos, "alice", PASSWORD, tempDir);
        caFile = server.caFile();
    }

    @Test
    void aCaBundleInGitconfigAndALoginInGitCredentialsReachTheCluster() throws Exception {
        Path home = home("home");
        server.trustInGitconfig(home);
        server.writeGitCredentials(home, PASSWORD);
        try (Transport t = open(home, Map.of())) {
            FirstProject.publishAndReadBack(t);
        }
        assertTrue(Files.isDirectory(tempDir.resolve("repos/cluster.git/refs/heads/project")));
    }

    @Test
    void gitSslCainfoAndAPasswordInTheEnvironmentReachTheCluster() throws Exception {
        try (Transport t = open(home("env"), Map.of("GIT_SSL_CAINFO", caFile.toString(),
                "CONVERGENCE_GIT_USERNAME", "alice", "CONVERGENCE_GIT_PASSWORD", PASSWORD))) {
            t.ensureCluster(true);
            assertEquals(List.of(), t.listProjects());
        }
    }

    @Test
    void aWrongPasswordIsRefusedOnceAndNamesWhereItCameFrom() throws Exception {
        Path home = home("wrong");
        server.writeNetrc(home, "not-the-password");
        try (Transport t = open(home, Map.of("GIT_SSL_CAINFO", caFile.toString()))) {
            AuthenticationException e = assertThrows(AuthenticationException.class, t::listProjects);
            assertOneLine(e);
            assertTrue(e.getMessage().contains("~/.netrc"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-password") || e.hint().contains("not-the-password"));
        }
        assertEquals(1, server.refusedLogins(), "a refused login is not sent again");
    }

    @Test
    void aLoginTheServerLetsReadButNotPushIsAnAuthenticationFailure() throws Exception {
        try (FileRepository served = new FileRepository(tempDir.resolve("repos/cluster.git").toFile())) {
            served.getConfig().setBoolean("http", null, "receivepack", false);
            served.getConfig().save();
        }
        Path home = home("reader");
        server.trustInGitconfig(home);
        server.writeGitCredentials(home, PASSWORD);
        try (Transport t = open(home, Map.of())) {
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> t.ensureCluster(true));
            assertOneLine(e);
            assertTrue(e.getMessage().contains("not permitted") && e.hint().contains("push"), e.getMessage() + " — " + e.hint());
        }
    }

    @Test
    void noLoginAnywhereSaysWhereToPutOne() throws Exception {
        try (Transport t = open(home("nobody"), Map.of("GIT_SSL_CAINFO", caFile.toString()))) {
            AuthenticationException e = assertThrows(AuthenticationException.class, t::listProjects);
            assertOneLine(e);
            assertTrue(e.getMessage().contains("none were found"), e.getMessage());
            assertTrue(e.hint().contains("~/.git-credentials"), e.hint());
        }
    }

    @Test
    void aCertificateNoConfiguredCaSignedIsRefusedAndTheHintNamesTheSetting() throws Exception {
        try (Transport t = open(home("untrusting"), Map.of("CONVERGENCE_GIT_PASSWORD", PASSWORD))) {
            TransportException e = assertThrows(TransportException.class, t::listProjects);
            assertOneLine(e);
            assertTrue(e.getMessage().contains("does not trust"), e.getMessage());
            assertTrue(e.hint().contains("GIT_SSL_CAINFO") && e.hint().contains("http.sslCAInfo"), e.hint());
        }
        assertEquals(0, server.refusedLogins(), "no password is sent to a server we do not trust");
    }

    @Test
    void aBundleThatDoesNotHoldTheServersCaIsNamedInTheHint() throws Exception {
        Path other = TestCertificate.create(tempDir.resolve("other")).writePem(tempDir.resolve("other/ca.pem"));
        try (Transport t = open(home("other"), Map.of("GIT_SSL_CAINFO", other.toString()))) {
            TransportException e = assertThrows(TransportException.class, t::listProjects);
            assertOneLine(e);
            assertTrue(e.hint().contains(other.toString()) && e.hint().contains("GIT_SSL_CAINFO"), e.hint());
        }
    }

    @Test
    void aBundleThatIsNotPemIsAConfigError() throws Exception {
        Path junk = Files.writeString(tempDir.resolve("junk.pem"), "not a certificate\n");
        try (Transport t = open(home("junk"), Map.of("GIT_SSL_CAINFO", junk.toString()))) {
            ConfigException e = assertThrows(ConfigException.class, t::listProjects);
            assertOneLine(e);
            assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        }
    }

    private static void assertOneLine(ConvergenceException e) {
        assertFalse(e.getMessage().contains("\n") || e.hint().contains("\n"), e.getMessage());
        assertFalse(e.hint().isEmpty());
    }

    private Path home(String name) throws Exception {
        return Files.createDirectories(tempDir.resolve("homes").resolve(name));
    }

    private Transport open(Path home, Map<String, String> env) throws Exception {
        TransportContext context = new TransportContext(Files.createDirectories(tempDir.resolve("cache-" + home.getFileName())),
                home, env, Map.of());
        return new GitTransportProvider().open(ClusterUri.parse(server.url("cluster.git")), context);
    }
}
