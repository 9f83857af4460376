package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.testkit.ClusterFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.internal.storage.file.FileRepository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code publishReplacingHistory} on git: a root commit, and what a server that forbids forced updates does to it. */
class HistoryReplacementTest {

    private static final ProjectId PROJECT = ProjectId.of("proj");

    @TempDir
    Path tmp;

    @Test
    void theBranchBecomesOneRootCommit() throws Exception {
        Path bare = tmp.resolve("cluster.git");
        try (Transport t = open(ClusterUri.parse(bare.toString()))) {
            SnapshotToken replaced = replace(t, twoPublishes(t));
            assertEquals(replaced, t.read(PROJECT).token());
        }
        try (FileRepository cluster = new FileRepository(bare.toFile()); RevWalk rw = new RevWalk(cluster)) {
            RevCommit tip = rw.parseCommit(cluster.resolve("refs/heads/project/proj"));
            assertEquals(0, tip.getParentCount(), "a root commit: the cleartext commits are no longer reachable");
        }
    }

    @Test
    void aServerThatForbidsForcedUpdatesIsReportedAndKeepsItsBranch() throws Exception {
        assumeTrue(GitDaemon.gitIsInstalled(), "no git binary on the PATH");
        Path repos = Files.createDirectories(tmp.resolve("repos"));
        Path bare = BareRepositories.createEmpty(repos.resolve("cluster.git"));
        try (FileRepository r = new FileRepository(bare.toFile())) {
            StoredConfig config = r.getConfig();
            config.setBoolean("receive", null, "denyNonFastForwards", true);
            config.save();
        }
        try (GitDaemon daemon = GitDaemon.serve(repos, tmp.resolve("daemon.log"));
             Transport t = open(ClusterUri.parse(daemon.url("cluster.git")));
             Transport reader = open(ClusterUri.parse(daemon.url("cluster.git")))) {
            SnapshotToken current = twoPublishes(t);

            TransportException e = assertThrows(TransportException.class, () -> replace(t, current));

            assertTrue(e.getMessage().contains("refused to replace the history"), e.getMessage());
            assertEquals(current, reader.read(PROJECT).token(), "the branch did not move");
        }
    }

    /** A project with two snapshots; returns the current token. */
    private static SnapshotToken twoPublishes(Transport t) {
        t.ensureCluster(true);
        SnapshotToken base = publish(t, SnapshotToken.ABSENT, "roster.json", "one\n");
        return publish(t, base, "roster.json", "two\n");
    }

    private static SnapshotToken replace(Transport t, SnapshotToken current) {
        return t.publishReplacingHistory(PROJECT, current,
                new Changeset(Map.of("keys.json", Content.of("{}\n".getBytes(StandardCharsets.UTF_8))), Set.of("roster.json"), "replace"));
    }

    private static SnapshotToken publish(Transport t, SnapshotToken expected, String path, String text) {
        return t.publish(PROJECT, expected, new Changeset(Map.of(path, Content.of(text.getBytes(StandardCharsets.UTF_8))), Set.of(), "publish"));
    }

    private Transport open(ClusterUri uri) throws Exception {
        Path machine = Files.createTempDirectory(tmp, "machine");
        return ClusterFixture.of(new GitTransportProvider(), uri, Files.createDirectories(machine.resolve("home")),
                Files.createDirectories(machine.resolve("scratch"))).open();
    }
}
