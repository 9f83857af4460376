package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.transport.git.BareRepositories;
import dev.convergence.transport.git.GitDaemon;
import dev.convergence.transport.git.SshGitServer;
import dev.convergence.transport.git.SshHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-machine scenario over the network paths users have: git daemon and SSH, both on loopback. */
class NetworkClusterEndToEndTest {

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

    private interface Setup {
        void apply(Machine m) throws IOException;
    }

    private void scenario(String url, Setup setup) throws Exception {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "windows", "work/proj");
        setup.apply(a);
        setup.apply(b);
        List<String> all = new ArrayList<>(a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 3));
        a.ok("init", a.root.toString(), "--remote", url);
        all.addAll(b.appendSession("bbbbbbbb-0000-4000-8000-000000000002", 2));
        b.ok("join", b.root.toString(), "--remote", url);
        all.addAll(a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 2));
        a.ok("sync");
        b.ok("sync");
        a.ok("sync");
        for (Machine m : List.of(a, b)) {
            String text = ClusterEndToEndTest.allText(m.contextDir());
            for (String id : all) {
                assertEquals(1, ClusterEndToEndTest.count(text, "\"uuid\":\"" + id + "\""), m.name + " holds " + id);
            }
            assertTrue(text.contains("\"cwd\":" + Machine.json(m.nativeRoot())));
        }
        assertFalse(ClusterEndToEndTest.allText(b.contextDir()).contains("alice"));
        assertTrue(a.ok("sync").out().contains("up to date"));
    }
}
