package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peeked token of a local cluster is always the one a read gives, however git keeps the ref. */
class LocalRefsTest {

    private static final ProjectId P = ProjectId.of("proj");

    @TempDir
    Path tmp;

    @Test
    void thePeekedTokenIsTheReadTokenThroughPublishesPackingAndGc() throws Exception {
        Path cluster = tmp.resolve("cluster.git");
        GitTransportProvider provider = new GitTransportProvider();
        ClusterUri uri = ClusterUri.parse(cluster.toString());
        assertEquals(Optional.empty(), peek(provider, uri), "no repository yet");
        try (Transport t = open(provider, uri)) {
            t.ensureCluster(true);
            assertEquals(Optional.empty(), peek(provider, uri), "no project yet");
            SnapshotToken token = t.publish(P, SnapshotToken.ABSENT, changes("roster.json", "{}\n"));
            assertEquals(Optional.of(t.read(P).token()), peek(provider, uri), "loose ref");
            git(cluster, "pack-refs", "--all");
            assertTrue(!Files.exists(cluster.resolve("refs/heads/project/proj")), "the ref is packed now");
            assertEquals(Optional.of(token), peek(provider, uri), "packed ref");
            token = t.publish(P, token, changes("context/s1.jsonl", "{\"uuid\":\"1\"}\n"));
            assertEquals(Optional.of(t.read(P).token()), peek(provider, uri), "a loose ref over a stale packed one");
            git(cluster, "gc", "--quiet");
            assertEquals(Optional.of(token), peek(provider, uri), "after git gc");
            assertEquals(Optional.of(token), provider.peekToken(ClusterUri.parse(cluster.toUri().toString()), P, context()),
                    "a file:// URL");
            assertEquals(Optional.empty(), provider.peekToken(uri, ProjectId.of("other"), context()), "another project");
        }
    }

    @Test
    void anythingUnusualIsLeftToTheFullRead() throws Exception {
        GitTransportProvider provider = new GitTransportProvider();
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertEquals(Optional.empty(), peek(provider, ClusterUri.parse(plain.toString())), "not a repository");
        Path bare = tmp.resolve("bare.git");
        git(tmp, "init", "--bare", "--quiet", bare.toString());
        Files.createDirectories(bare.resolve("refs/heads/project"));
        Files.writeString(bare.resolve("refs/heads/project/proj"), "ref: refs/heads/main\n");
        assertEquals(Optional.empty(), peek(provider, ClusterUri.parse(bare.toString())), "a symbolic ref");
        Files.writeString(bare.resolve("refs/heads/project/proj"), "not an id\n");
        assertEquals(Optional.empty(), peek(provider, ClusterUri.parse(bare.toString())), "garbage");
        String id = "0123456789abcdef0123456789abcdef01234567";
        Files.writeString(bare.resolve("refs/heads/project/proj"), id + "\n");
        assertEquals(Optional.of(new SnapshotToken(id)), peek(provider, ClusterUri.parse(bare.toString())));
        assertEquals(Optional.empty(), provider.peekToken(ClusterUri.parse("git://127.0.0.1/x.git"), P, context()),
                "a remote cluster is never peeked");
    }

    private Optional<SnapshotToken> peek(GitTransportProvider provider, ClusterUri uri) {
        return provider.peekToken(uri, P, context());
    }

    private TransportContext context() {
        return new TransportContext(tmp.resolve("cache"), tmp.resolve("home"), Map.of(), Map.of());
    }

    private Transport open(GitTransportProvider provider, ClusterUri uri) throws Exception {
        return provider.open(uri, context());
    }

    private static Changeset changes(String path, String text) {
        return new Changeset(Map.of(path, Content.of(text.getBytes(StandardCharsets.UTF_8))), Set.of(), "test");
    }

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        if (dir.toString().endsWith(".git")) {
            command = new ArrayList<>(List.of("git", "--git-dir=" + dir));
        }
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
