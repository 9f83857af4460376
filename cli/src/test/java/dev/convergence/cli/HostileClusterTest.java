package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Promise 5: the cluster is untrusted. A snapshot crafted (with git plumbing, as anyone with push
 * access could) to hold a hostile entry is refused whole: nothing is written anywhere, and the
 * user gets one clear line and exit code 8.
 */
class HostileClusterTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dotdot", "absolute", "backslash", "drive-letter", "symlink", "submodule", "outside-context",
        "oversized", "roster-not-json", "roster-unknown-sentinel", "control-character"})
    void aCraftedSnapshotIsRefusedAndNothingIsWritten(String attack) throws Exception {
        String cluster = tmp.resolve("cluster.git").toString();
        Machine a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        a.appendSession("aaaaaaaa-0000-4000-8000-000000000001", 2);
        a.ok("init", a.root.toString(), "--remote", cluster);
        Machine b = new Machine(tmp, "b", "bob", "linux", "work/proj");
        b.ok("join", b.root.toString(), "--remote", cluster);
        if (attack.equals("oversized")) {
            b.ok("defaults", "--max-file-bytes", "1000");
        }
        Map<String, byte[]> before = files(tmp.resolve("b"));

        craft(cluster, attack);
        Machine.Result r = b.run("sync");

        assertEquals(8, r.code(), attack + ": " + r);
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        Map<String, byte[]> after = files(tmp.resolve("b"));
        after.keySet().removeIf(k -> k.contains("/.convergence/"));
        before.keySet().removeIf(k -> k.contains("/.convergence/"));
        assertEquals(before.keySet(), after.keySet(), "nothing written on B outside its own state");
        assertFalse(Files.exists(tmp.resolve("b/evil")) || Files.exists(tmp.resolve("evil")), "nothing escaped");
    }

    /** Adds one hostile entry to project/proj's tree and moves the branch there. */
    private void craft(String cluster, String attack) throws Exception {
        String blob = git(cluster, "hash-object-stdin", "{\"x\":1}\n");
        String big = git(cluster, "hash-object-stdin", "x".repeat(5000) + "\n");
        String tree = git(cluster, "ls-tree", "project/proj");
        String context = git(cluster, "rev-parse", "project/proj:context");
        String contextTree = git(cluster, "ls-tree", context);
        String newTop;
        switch (attack) {
            case "roster-not-json" -> newTop = replaceRoster(cluster, tree, "{ not json");
            case "roster-unknown-sentinel" -> newTop = replaceRoster(cluster, tree,
                    "{\"project_id\":\"proj\",\"canonical_sentinel\":\"{{CC_SOMETHING}}\",\"participants\":[]}\n");
            case "outside-context" -> newTop = mktree(cluster, tree + "\n100644 blob " + blob + "\tevil.jsonl");
            default -> {
                String entry = switch (attack) {
                    case "dotdot" -> "100644 blob " + blob + "\t..";
                    case "absolute" -> "100644 blob " + blob + "\tC:";
                    case "backslash" -> "100644 blob " + blob + "\t..\\evil.jsonl";
                    case "drive-letter" -> "100644 blob " + blob + "\tC:evil.jsonl";
                    case "symlink" -> "120000 blob " + git(cluster, "hash-object-stdin", "/etc/passwd") + "\tlink.jsonl";
                    case "submodule" -> "160000 commit " + git(cluster, "rev-parse", "project/proj") + "\tsub";
                    case "oversized" -> "100644 blob " + big + "\tbig.jsonl";
                    case "control-character" -> "100644 blob " + blob + "\tbad\u0001name.jsonl";
                    default -> throw new IllegalArgumentException(attack);
                };
                String newContext = mktree(cluster, contextTree + "\n" + entry);
                newTop = mktree(cluster, tree.replace(context, newContext));
            }
        }
        String commit = git(cluster, "commit-tree", newTop, "-p", "project/proj", "-m", "crafted");
        git(cluster, "update-ref", "refs/heads/project/proj", commit);
    }

    private String replaceRoster(String cluster, String tree, String text) throws Exception {
        String roster = git(cluster, "rev-parse", "project/proj:roster.json");
        return mktree(cluster, tree.replace(roster, git(cluster, "hash-object-stdin", text)));
    }

    private String mktree(String cluster, String listing) throws Exception {
        return git(cluster, "mktree-stdin", listing.strip() + "\n");
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                out.put(p.toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static String git(String cluster, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir", cluster));
        String stdin = null;
        if (args[0].equals("hash-object-stdin")) {
            cmd.addAll(List.of("hash-object", "-w", "--stdin"));
            stdin = args[1];
        } else if (args[0].equals("mktree-stdin")) {
            cmd.addAll(List.of("mktree", "--missing"));
            stdin = args[1];
        } else {
            cmd.addAll(List.of(args));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("GIT_AUTHOR_NAME", "x");
        pb.environment().put("GIT_AUTHOR_EMAIL", "x@x");
        pb.environment().put("GIT_COMMITTER_NAME", "x");
        pb.environment().put("GIT_COMMITTER_EMAIL", "x@x");
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
        return out.strip();
    }
}
