package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.transport.s3.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-machine scenario once per transport: the pipeline and roster are the same on every backend. */
class TransportsEndToEndTest {

    @TempDir
    Path tmp;

    @Test
    void twoMachinesConvergeThroughADirectoryCluster() throws IOException {
        String dir = tmp.resolve("shared-drive").toString();
        scenario(new String[] {"--cluster", dir}, a -> { }, b -> { });
    }

    @Test
    void twoMachinesConvergeThroughAnS3Cluster() throws Exception {
        try (S3ProxyServer s3 = S3ProxyServer.start()) {
            String[] flags = {"--s3", "s3://" + S3ProxyServer.BUCKET + "/convergence", "--s3-endpoint", s3.endpoint().toString()};
            scenario(flags, a -> s3.environment().forEach(a::set), b -> s3.environment().forEach(b::set));
        }
    }

    private interface Setup {
        void apply(Machine m);
    }

    private void scenario(String[] cluster, Setup onA, Setup onB) throws IOException {
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        Machine b = new Machine(tmp, "b", "bob", "windows", "work/proj");
        onA.apply(a);
        onB.apply(b);
        List<String> all = new ArrayList<>(a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 3));
        a.ok(concat(new String[] {"init", a.root.toString()}, cluster));
        all.addAll(b.appendSession("bbbbbbbb-0000-4000-8000-000000000002", 2));
        b.ok(concat(new String[] {"join", b.root.toString()}, cluster));
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
        assertFalse(ClusterEndToEndTest.allText(a.contextDir()).contains("bob"));
        Machine.Result again = a.ok("sync");
        assertTrue(again.out().contains("up to date"), again.out());
        assertTrue(Files.isDirectory(b.contextDir()));
    }

    private static String[] concat(String[] x, String[] y) {
        String[] out = new String[x.length + y.length];
        System.arraycopy(x, 0, out, 0, x.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
