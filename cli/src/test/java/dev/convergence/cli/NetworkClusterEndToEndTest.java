package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.transport.git.BareRepositories;
import dev.convergence.transport.git.GitDaemon;
import dev.convergence.transport.git.HttpsGitServer;
import dev.convergence.transport.git.SshGitServer;
import dev.convergence.transport.git.SshHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-machine scenario over the network paths users have: git daemon, SSH, and HTTPS with each
 * source of credentials, all on loopback.
 */
class NetworkClusterEndToEndTest {

    private static final String HTTPS_PASSWORD = "pw-Kq8vR2mZ-https-only";

    @TempDir
    Path tmp;

    @Test
    void twoMachinesConvergeOverGitDaemon() throws Exception {
        assumeTrue(GitDaemon.gitIsInstalled(), "git is not installed");
        Path served = Files.createDirectories(tmp.resolve("served"));
        BareRepositories.createEmpty(served.resolve("cluster.git"));
        try (GitDaemon daemon = GitDaemon.serve(served, tmp.resolve("daemon.log"))) {
            scenario(daemon.url("cluster.git"), m -> { });
        }
    }

    @Test
    void twoMachinesConvergeOverSsh() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("repos"));
        BareRepositories.createEmpty(served.resolve("cluster.git"));
        KeyPair key = SshGitServer.newKeyPair();
        try (SshGitServer server = SshGitServer.serve(served, key.getPublic())) {
            scenario(server.url("cluster.git"), m -> {
                try {
                    SshHome.create(m.home, key, server.hostKey(), server.port(), "cluster-host");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void twoMachinesConvergeOverHttpsWithTheLoginInTheEnvironment() throws Exception {
        overHttps((server, m) -> m.set("GIT_SSL_CAINFO", server.caFile().toString())
                .set("CONVERGENCE_GIT_USERNAME", "alice").set("CONVERGENCE_GIT_PASSWORD", HTTPS_PASSWORD));
    }

    @Test
    void twoMachinesConvergeOverHttpsWithTheLoginInGitCredentials() throws Exception {
        overHttps((server, m) -> {
            server.trustInGitconfig(m.home);
            server.writeGitCredentials(m.home, HTTPS_PASSWORD);
        });
    }

    @Test
    void twoMachinesConvergeOverHttpsWithTheLoginInNetrc() throws Exception {
        overHttps((server, m) -> {
            server.trustInGitconfig(m.home);
            server.writeNetrc(m.home, HTTPS_PASSWORD);
        });
    }

    private interface HttpsSetup {
        void apply(HttpsGitServer server, Machine m) throws IOException;
    }

    /** The scenario against git http-backend over TLS; the password shows up in no output and no file we write. */
    private void overHttps(HttpsSetup setup) throws Exception {
        assumeTrue(GitDaemon.gitIsInstalled(), "git is not installed");
        Path served = Files.createDirectories(tmp.resolve("served"));
        BareRepositories.createEmpty(served.resolve("cluster.git"));
        List<Machine> machines = new ArrayList<>();
        List<Machine.Result> results;
        try (HttpsGitServer server = HttpsGitServer.serve(served, "alice", HTTPS_PASSWORD, tmp.resolve("server"))) {
            results = scenario(server.url("cluster.git"), m -> {
                setup.apply(server, m);
                machines.add(m);
            });
        }
        for (Machine.Result r : results) {
            assertFalse(r.out().contains(HTTPS_PASSWORD) || r.err().contains(HTTPS_PASSWORD), r.toString());
        }
        for (Machine m : machines) {
            assertPasswordNowhereIn(m.home.resolve(".convergence"));
            assertPasswordNowhereIn(m.home.resolve(".claude"));
        }
    }

    /** No file under {@code dir} holds the password in clear (state, configs, clone configs, transcripts). */
    private static void assertPasswordNowhereIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(bytes.contains(HTTPS_PASSWORD), "the password is in " + f);
            }
        }
    }

    private interface Setup {
        void apply(Machine m) throws IOException;
    }

    /** Every command's result, in order. */
    private List<Machine.Result> scenario(String url, Setup setup) throws Exception {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "windows", "work/proj");
        setup.apply(a);
        setup.apply(b);
        List<Machine.Result> results = new ArrayList<>();
        List<String> all = new ArrayList<>(a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 3));
        results.add(a.ok("init", a.root.toString(), "--remote", url));
        all.addAll(b.appendSession("bbbbbbbb-0000-4000-8000-000000000002", 2));
        results.add(b.ok("join", b.root.toString(), "--remote", url));
        all.addAll(a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 2));
        results.add(a.ok("sync"));
        results.add(b.ok("sync"));
        results.add(a.ok("sync"));
        for (Machine m : List.of(a, b)) {
            String text = ClusterEndToEndTest.allText(m.contextDir());
            for (String id : all) {
                assertEquals(1, ClusterEndToEndTest.count(text, "\"uuid\":\"" + id + "\""), m.name + " holds " + id);
            }
            assertTrue(text.contains("\"cwd\":" + Machine.json(m.nativeRoot())));
        }
        assertFalse(ClusterEndToEndTest.allText(b.contextDir()).contains("alice"));
        Machine.Result last = a.ok("sync");
        assertTrue(last.out().contains("up to date"));
        results.add(last);
        results.add(b.ok("status"));
        return results;
    }
}
