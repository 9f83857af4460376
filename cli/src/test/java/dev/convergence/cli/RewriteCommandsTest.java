package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.core.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canonicalize, localize and doctor commands, run in-process on temp-dir machines. */
class RewriteCommandsTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Environment machine(String name, String os) {
        Path home = tmp.resolve(name).resolve("home");
        return new Environment(Map.of("HOME", home.toString(), "CONVERGENCE_OS", os), tmp);
    }

    private int run(Environment env, String... args) {
        out.reset();
        err.reset();
        return Main.run(env, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]));
    }

    private Path seedContext(Environment env, String root) throws Exception {
        Path ctx = env.projectsDir().resolve(root.replaceAll("[^A-Za-z0-9]", "-"));
        Files.createDirectories(ctx.resolve("memory"));
        Files.createDirectories(ctx.resolve("s1/subagents"));
        String home = env.home().toString();
        Files.writeString(ctx.resolve("s1.jsonl"),
                "{\"cwd\":\"" + root + "/app\",\"message\":\"edit " + root + "/a.py\\n" + home + "/.bashrc\"}\n"
                        + "{\"cwd\":\"" + root + "\",\"snapshot\":{\"trackedFileBackups\":{\"" + root + "/b.py\":{}}}}\r\n"
                        + "{\"half\":\"" + root);
        Files.writeString(ctx.resolve("memory/MEMORY.md"), "- [Notes](notes.md) — lives in " + root + ".\n");
        Files.writeString(ctx.resolve("s1/subagents/agent-1.jsonl"), "{\"cwd\":\"" + root + "\"}\n");
        Files.writeString(ctx.resolve("s1/subagents/agent-1.meta.json"), "{\n  \"cwd\": \"" + root + "\"\n}\n");
        return ctx;
    }

    @Test
    void canonicalizeThenLocalizeElsewhereThenBackIsByteIdentical() throws Exception {
        Environment alice = machine("alice", "linux");
        String aliceRoot = alice.home().resolve("src/proj").toString();
        Path ctx = seedContext(alice, aliceRoot);
        Path canon = tmp.resolve("canon");
        assertEquals(0, run(alice, "canonicalize", ctx.toString(), canon.toString(), "--root", aliceRoot), err.toString());
        String canonical = Files.readString(canon.resolve("s1.jsonl"));
        assertTrue(canonical.startsWith("{\"cwd\":\"{{CC_PROJECT_ROOT}}/app\",\"message\":\"edit {{CC_PROJECT_ROOT}}/a.py\\n{{CC_HOME}}/.bashrc\"}\n"), canonical);
        assertFalse(canonical.contains(aliceRoot.substring(1, 10)) && canonical.indexOf(aliceRoot) < canonical.lastIndexOf("half"));

        Environment bob = machine("bob", "windows");
        String bobRoot = "C:" + bob.home().resolve("work/proj").toString().replace('/', '\\');
        Path bobCtx = bob.projectsDir().resolve(bobRoot.replaceAll("[^A-Za-z0-9]", "-"));
        assertEquals(0, run(bob, "localize", canon.toString(), bobCtx.toString(), "--root", bobRoot), err.toString());
        assertTrue(Files.readString(bobCtx.resolve("s1.jsonl")).contains(bobRoot.replace("\\", "\\\\") + "\\\\app"));

        Path canon2 = tmp.resolve("canon2");
        assertEquals(0, run(bob, "canonicalize", bobCtx.toString(), canon2.toString(), "--root", bobRoot), err.toString());
        for (String rel : new String[] {"s1.jsonl", "memory/MEMORY.md", "s1/subagents/agent-1.jsonl", "s1/subagents/agent-1.meta.json"}) {
            assertEquals(Files.readString(canon.resolve(rel)), Files.readString(canon2.resolve(rel)), rel);
        }
        Path back = tmp.resolve("back");
        assertEquals(0, run(alice, "localize", canon2.toString(), back.toString(), "--root", aliceRoot), err.toString());
        for (String rel : new String[] {"s1.jsonl", "memory/MEMORY.md", "s1/subagents/agent-1.jsonl", "s1/subagents/agent-1.meta.json"}) {
            assertEquals(Files.readString(ctx.resolve(rel)), Files.readString(back.resolve(rel)), rel);
        }
    }

    @Test
    void doctorInfersTheRootAndReportsSafe() throws Exception {
        Environment alice = machine("alice", "linux");
        String root = alice.home().resolve("src/proj").toString();
        Path ctx = seedContext(alice, root);
        Files.createDirectories(alice.home().resolve("src/proj"));
        assertEquals(0, run(alice, "doctor", ctx.toString()), out.toString());
        assertTrue(out.toString().contains("Inferred root:  " + root), out.toString());
        assertTrue(out.toString().contains("Safe to sync."));
        assertEquals(0, run(alice, "doctor", alice.home().resolve("src/proj").toString()), out.toString());
    }

    @Test
    void badInputGetsExitTwoAndWritesNothing() throws Exception {
        Environment alice = machine("alice", "linux");
        String root = alice.home().resolve("src/proj").toString();
        Path ctx = seedContext(alice, root);
        assertEquals(2, run(alice, "doctor", tmp.resolve("missing").toString()));
        assertEquals(2, run(alice, "canonicalize", ctx.toString(), ctx.resolve("out").toString(), "--root", root));
        assertFalse(Files.exists(ctx.resolve("out")));
        assertEquals(2, run(alice, "canonicalize", ctx.toString(), tmp.resolve("o").toString(), "--root", "/elsewhere/proj"));
        assertTrue(err.toString().contains("appears in no cwd"), err.toString());
        assertFalse(Files.exists(tmp.resolve("o")));
        Files.createDirectories(tmp.resolve("o2/s1.jsonl"));
        assertEquals(2, run(alice, "canonicalize", ctx.toString(), tmp.resolve("o2").toString(), "--root", root));
        assertTrue(err.toString().contains("is a directory where the file"), err.toString());
        assertEquals(2, run(alice, "localize", tmp.resolve("nope").toString(), tmp.resolve("x").toString(), "--root", root));
    }
}
