package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster is a plain git repository: the git CLI reads what we publish, laid out as FORMAT.md says. */
class GitCliCompatibilityTest {

    @TempDir
    Path tempDir;

    @BeforeAll
    static void needsGit() {
        assumeTrue(GitDaemon.gitIsInstalled(), "no git binary on the PATH");
    }

    @Test
    void gitLogAndGitShowReadWhatWasPublished() throws Exception {
        Path cluster = tempDir.resolve("cluster.git");
        ProjectId p = ProjectId.of("proj");
        String roster = "{\n  \"project_id\": \"proj\"\n}\n";
        try (Transport t = open(cluster)) {
            t.ensureCluster(true);
            SnapshotToken first = t.publish(p, SnapshotToken.ABSENT, changes(Map.of("roster.json", roster), Set.of(), "create proj"));
            t.publish(p, first, changes(Map.of("context/s1.jsonl", "{\"uuid\":\"1\"}\n"), Set.of(), "push s1"));
        }
        assertEquals("push s1\ncreate proj", git(cluster, "log", "--format=%s", "project/proj"));
        assertEquals("convergence <convergence@localhost>", git(cluster, "log", "-1", "--format=%an <%ae>", "project/proj"));
        assertEquals(roster.strip(), git(cluster, "show", "project/proj:roster.json"));
        assertEquals("context/s1.jsonl\nroster.json", git(cluster, "ls-tree", "-r", "--name-only", "project/proj"));
        assertEquals("", git(cluster, "log", "--format=%P", "project/proj", "--max-parents=0").strip(),
                "the project branch is an orphan");
        assertTrue(git(cluster, "show", "main:README.md").contains("machine-managed"));
        assertEquals("refs/heads/main\nrefs/heads/project/proj", git(cluster, "for-each-ref", "--format=%(refname)"));
        assertEquals("", git(cluster, "fsck", "--no-progress", "--strict"));
    }

    private Transport open(Path cluster) throws Exception {
        return new GitTransportProvider().open(ClusterUri.parse(cluster.toString()),
                new TransportContext(tempDir.resolve("cache"), tempDir.resolve("home"), Map.of(), Map.of()));
    }

    /**
     * A user may collect garbage in the cluster and in this machine's clone with the git CLI (to drop
     * the cleartext after encrypt enable, say): both accept it, and syncing goes on afterwards.
     * Clones made by earlier versions said {@code gc.auto = false}, which git refuses as a number.
     */
    @Test
    void gitGcRunsInTheClusterAndInTheCloneAndPublishingGoesOn() throws Exception {
        Path cluster = tempDir.resolve("cluster.git");
        ProjectId p = ProjectId.of("proj");
        SnapshotToken token;
        try (Transport t = open(cluster)) {
            t.ensureCluster(true);
            token = t.publish(p, SnapshotToken.ABSENT, changes(Map.of("roster.json", "{}\n"), Set.of(), "create proj"));
        }
        Path clone = tempDir.resolve("cache").resolve("proj");   // this machine's clone of the project
        assertTrue(Files.isRegularFile(clone.resolve("HEAD")), "the clone is where the transport keeps it");
        git(clone, "config", "gc.auto", "false");   // as earlier versions wrote it
        try (Transport t = open(cluster)) {
            token = t.publish(p, t.read(p).token(), changes(Map.of("context/s1.jsonl", "{\"uuid\":\"1\"}\n"), Set.of(), "push s1"));
        }
        git(cluster, "gc", "--prune=now", "--quiet");
        git(clone, "gc", "--prune=now", "--quiet");
        try (Transport t = open(cluster)) {
            assertEquals(token, t.read(p).token());
            t.publish(p, token, changes(Map.of("context/s2.jsonl", "{\"uuid\":\"2\"}\n"), Set.of(), "push s2"));
        }
        assertEquals("push s2\npush s1\ncreate proj", git(cluster, "log", "--format=%s", "project/proj"));
        assertEquals("", git(cluster, "fsck", "--no-progress", "--strict"));
        assertEquals("", git(clone, "fsck", "--no-progress", "--strict"));
    }

    private static Changeset changes(Map<String, String> puts, Set<String> deletes, String message) {
        Map<String, Content> c = new java.util.TreeMap<>();
        puts.forEach((k, v) -> c.put(k, Content.of(v.getBytes(StandardCharsets.UTF_8))));
        return new Changeset(c, deletes, message);
    }

    private static String git(Path repo, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "--git-dir=" + repo));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed: " + out);
        return out.strip();
    }
}
