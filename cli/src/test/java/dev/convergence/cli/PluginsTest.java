package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin jars in $CONVERGENCE_HOME/plugins: discovered, listed, used through the CLI, and skipped when broken. */
class PluginsTest {

    private static final String TRANSPORT = "dev.convergence.api.transport.TransportProvider";
    private static final String SCANNER = "dev.convergence.api.scan.SecretScanner";

    @TempDir
    static Path built;

    static Path example;
    static Path broken;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildThePluginJars() throws IOException {
        example = PluginJar.build("example-plugin", built.resolve("example.jar"), "1.2.3",
                Map.of(TRANSPORT, "example.plugin.ExampleTransportProvider", SCANNER, "example.plugin.ExampleScanner"));
        broken = PluginJar.build("broken-plugin", built.resolve("broken.jar"), "0.0.1", Map.of(SCANNER, "broken.BrokenScanner"));
    }

    private Machine machineWith(String name, String user, String project, Path... jars) throws IOException {
        Machine m = new Machine(tmp, name, user, "linux", project);
        Path plugins = m.home.resolve(".convergence/plugins");
        Files.createDirectories(plugins);
        for (Path jar : jars) {
            Files.copy(jar, plugins.resolve(jar.getFileName()));
        }
        return m;
    }

    @Test
    void pluginsListsThePluginsProvidersWithVersionSchemeAndJar() throws IOException {
        Machine a = machineWith("a", "alice", "src/proj", example);
        Machine.Result r = a.ok("plugins");
        String line = r.out().lines().filter(l -> l.startsWith("transport") && l.contains("example")).findFirst().orElse("");
        assertTrue(line.matches("transport\\s+example\\s+1\\.2\\.3\\s+example\\s+0\\s+example\\.jar"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("scanner\\s+example-scanner\\s+1\\.2\\.3\\s+-\\s+-\\s+example\\.jar")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("transport\\s+git\\s+\\S+\\s+\\S+\\s+0\\s+built-in")), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aPluginTransportCarriesASessionBetweenTwoMachines() throws IOException {
        Machine a = machineWith("a", "alice", "src/proj", example);
        Machine b = machineWith("b", "bob", "work/proj", example);
        String cluster = "example://" + tmp.resolve("shared-folder");
        a.appendSession("11111111-aaaa-4aaa-8aaa-000000000001", 3);
        a.ok("init", a.root.toString(), "--remote", cluster);
        b.ok("join", b.root.toString(), "--remote", cluster);
        String onB = Files.readString(b.contextDir().resolve("11111111-aaaa-4aaa-8aaa-000000000001.jsonl"));
        assertTrue(onB.contains("\"cwd\":" + Machine.json(b.nativeRoot())), onB);
        assertTrue(Files.isDirectory(tmp.resolve("shared-folder")), "the directory transport wrote the cluster there");
        b.appendSession("22222222-bbbb-4bbb-8bbb-000000000002", 2);
        b.ok("sync");
        a.ok("sync");
        assertTrue(Files.isRegularFile(a.contextDir().resolve("22222222-bbbb-4bbb-8bbb-000000000002.jsonl")));
    }

    @Test
    void aPluginRewriteTierIsUsedBySyncs() throws Exception {
        Path tierJar = PluginJar.build("tier-plugin", tmp.resolve("tier.jar"), "0.1.0",
                Map.of("dev.convergence.api.rewrite.RewriteTier", "example.tier.SharedDataTier"));
        Machine a = machineWith("a", "alice", "src/proj", tierJar);
        Machine b = machineWith("b", "bob", "work/proj", tierJar);
        String cluster = tmp.resolve("cluster.git").toString();
        Path session = a.contextDir().resolve("33333333-cccc-4ccc-8ccc-000000000003.jsonl");
        Files.createDirectories(session.getParent());
        Files.writeString(session, "{\"type\":\"user\",\"uuid\":\"t-1\",\"message\":{\"content\":\"read "
                + a.home + "/shared-data/sales.csv\"}}\n");
        a.ok("init", a.root.toString(), "--remote", cluster);
        b.ok("join", b.root.toString(), "--remote", cluster);
        Process p = new ProcessBuilder("git", "--git-dir", cluster, "show",
                "project/proj:context/33333333-cccc-4ccc-8ccc-000000000003.jsonl").start();
        String canonical = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(canonical.contains("read {{CC_SHARED_DATA}}/sales.csv"), "the plugin's tier beat the home tier: " + canonical);
        String onB = Files.readString(b.contextDir().resolve("33333333-cccc-4ccc-8ccc-000000000003.jsonl"));
        assertTrue(onB.contains("read " + b.home + "/shared-data/sales.csv"), onB);
    }

    @Test
    void withoutThePluginTheSchemeIsUnknown() throws IOException {
        Machine a = machineWith("a", "alice", "src/proj");
        a.appendSession("11111111-aaaa-4aaa-8aaa-000000000001", 1);
        Machine.Result r = a.run("init", a.root.toString(), "--remote", "example://" + tmp.resolve("c"));
        assertEquals(ExitCodes.CONFIG, r.code(), r.toString());
        assertTrue(r.err().contains("no transport serves 'example'"), r.err());
    }

    @Test
    void scanFindsThePluginScannersToken() throws IOException {
        Machine a = machineWith("a", "alice", "src/proj", example);
        a.appendSession("11111111-aaaa-4aaa-8aaa-000000000001", 1);
        Files.writeString(a.contextDir().resolve("notes.jsonl"), "{\"type\":\"user\",\"message\":{\"content\":\"use XYZZY-0123456789ab\"}}\n");
        Machine.Result r = a.run("scan", a.contextDir().toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("notes.jsonl:1  example-token"), r.out());
        assertFalse(r.out().contains("XYZZY-0123456789ab"), "never prints the whole secret");
    }

    @Test
    void aPluginWhoseConstructorThrowsIsSkippedWithAWarning() throws IOException {
        Machine a = machineWith("a", "alice", "src/proj", broken, example);
        Machine.Result r = a.ok("plugins");
        assertTrue(r.err().contains("warning: plugin broken.jar") && r.err().contains("cannot find my rules file"), r.err());
        assertFalse(r.out().contains("broken"), r.out());
        assertTrue(r.out().contains("example-scanner"), "the other plugin still loads: " + r.out());
    }

    @Test
    void aFileThatIsNotAJarIsSkippedWithAWarning() throws IOException {
        Machine a = machineWith("a", "alice", "src/proj");
        Files.writeString(a.home.resolve(".convergence/plugins/garbage.jar"), "not a zip");
        Machine.Result r = a.ok("plugins");
        assertTrue(r.err().contains("warning: plugin garbage.jar: plugin skipped: not a readable jar"), r.err());
    }

    @Test
    void aPluginReusingABuiltInIdIsSkippedWithAWarning() throws IOException {
        Path dup = PluginJar.build("example-plugin", tmp.resolve("build/dup.jar"), "9", Map.of(SCANNER, "example.plugin.ExampleScanner"));
        Machine a = machineWith("a", "alice", "src/proj", example, dup);
        Machine.Result r = a.ok("plugins");
        assertTrue(r.err().contains("warning: plugin example.jar") && r.err().contains("already taken"), r.err());
        assertEquals(1, r.out().lines().filter(l -> l.contains("example-scanner")).count(), r.out());
    }
}
