package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster copy that ends early (a directory cluster copied only in part, a damaged disk) is
 * refused by the pull, which checks that it read as many bytes as the snapshot lists.
 */
class TruncatedClusterCopyTest {

    private static final String S1 = "11111111-aaaa-4aaa-8aaa-000000000001";

    @TempDir
    Path tmp;

    private Path cluster;
    private Machine a;
    private Machine b;
    private byte[] onBBefore;

    /** A and B share a project in a directory cluster; A appended and synced, then its newest blob lost 100 bytes. */
    private void truncatedAfterAnAppend() throws IOException {
        cluster = tmp.resolve("shared-drive");
        a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        b = new Machine(tmp, "b", "bob", "linux", "work/proj");
        a.appendSession(S1, 30);
        a.ok("init", a.root.toString(), "--cluster", cluster.toString());
        b.ok("join", b.root.toString(), "--cluster", cluster.toString());
        onBBefore = Files.readAllBytes(b.contextDir().resolve(S1 + ".jsonl"));

        a.appendSession(S1, 30);
        a.ok("sync");
        Path newest;
        try (Stream<Path> files = Files.walk(cluster.resolve("proj").resolve("objects"))) {
            newest = files.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.setLength(f.length() - 100);
        }
    }

    @Test
    void aTranscriptCutShortInTheClusterIsRefusedAndTheLocalFileIsKept() throws IOException {
        truncatedAfterAnAppend();
        Path onB = b.contextDir().resolve(S1 + ".jsonl");
        byte[] before = onBBefore;

        Machine.Result r = b.run("sync");

        assertEquals(ExitCodes.GUARD_REFUSED, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("where the snapshot lists") && r.err().contains("nothing was written"), r.err());
        assertArrayEquals(before, Files.readAllBytes(onB), "B's transcript is as it was");
    }

    /** An append is not published on top of a base the cluster holds cut short: that would carry the damage forward. */
    @Test
    void anAppendOnACutShortBaseIsNotPublished() throws IOException {
        truncatedAfterAnAppend();
        java.util.List<Path> manifestsBefore = manifests();
        assertTrue(!manifestsBefore.isEmpty(), "the cluster lists its generations in " + cluster.resolve("proj/manifests"));
        a.appendSession(S1, 5);

        Machine.Result r = a.run("sync");

        assertEquals(ExitCodes.TRANSPORT, r.code(), r.toString());
        assertTrue(r.err().contains("which the append follows, holds"), r.err());
        // Blobs stored before the failure (the roster's, say) may stay behind unreferenced; no new
        // version of the project may be published.
        assertEquals(manifestsBefore, manifests(), "no new generation was published");
    }

    private java.util.List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(cluster.resolve("proj").resolve("manifests"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
