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

    @Test
    void aTranscriptCutShortInTheClusterIsRefusedAndTheLocalFileIsKept() throws IOException {
        Path cluster = tmp.resolve("shared-drive");
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "linux", "work/proj");
        a.appendSession(S1, 30);
        a.ok("init", a.root.toString(), "--cluster", cluster.toString());
        b.ok("join", b.root.toString(), "--cluster", cluster.toString());
        Path onB = b.contextDir().resolve(S1 + ".jsonl");
        byte[] before = Files.readAllBytes(onB);

        a.appendSession(S1, 30);
        a.ok("sync");
        Path newest;
        try (Stream<Path> files = Files.walk(cluster.resolve("proj").resolve("objects"))) {
            newest = files.filter(Files::isRegularFile).max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.setLength(f.length() - 100);
        }

        Machine.Result r = b.run("sync");

        assertEquals(ExitCodes.GUARD_REFUSED, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("where the snapshot lists") && r.err().contains("nothing was written"), r.err());
        assertArrayEquals(before, Files.readAllBytes(onB), "B's transcript is as it was");
    }
}
