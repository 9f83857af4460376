package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transcript of 16 MiB or more is inflated on a thread of its own while it is localized (the
 * pull's read-ahead) and, in a git cluster, stored as chunks: it must still arrive byte for byte.
 */
class LargeTranscriptJoinTest {

    private static final String S = "33333333-aaaa-4aaa-8aaa-000000000003";
    /** Puller.READ_AHEAD_MIN_BYTES. */
    private static final long READ_AHEAD_MIN = 16L << 20;

    @TempDir
    Path tmp;

    @Test
    void aTranscriptReadAheadArrivesLocalizedByteForByte() throws IOException {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "darwin", "work/proj");
        Path onA = a.contextDir().resolve(S + ".jsonl");
        // The cluster's canonical copy is about three quarters of the local file (paths become sentinels).
        while (!Files.exists(onA) || Files.size(onA) < READ_AHEAD_MIN * 3 / 2) {
            a.appendSession(S, 5000);
        }
        String cluster = tmp.resolve("cluster.git").toString();
        a.ok("init", a.root.toString(), "--remote", cluster);
        b.ok("join", b.root.toString(), "--remote", cluster);

        String expected = Files.readString(onA).replace(a.nativeRoot(), b.nativeRoot()).replace(a.nativeHome(), b.nativeHome());
        String got = Files.readString(b.contextDir().resolve(S + ".jsonl"));
        int at = mismatch(expected, got);
        assertEquals(-1, at, () -> "first difference at " + at + " of " + expected.length() + " characters");
        assertTrue(b.ok("sync").out().contains("pushed 0 files"), "no drift: B has nothing of its own to push");
    }

    private static int mismatch(String x, String y) {
        int n = Math.min(x.length(), y.length());
        for (int i = 0; i < n; i++) {
            if (x.charAt(i) != y.charAt(i)) {
                return i;
            }
        }
        return x.length() == y.length() ? -1 : n;
    }
}
