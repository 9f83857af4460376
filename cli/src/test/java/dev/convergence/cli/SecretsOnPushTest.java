package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push/sync --scan-secrets [--strict], --redact, project defaults and the allowlist, through the CLI. */
class SecretsOnPushTest {

    private static final String SESSION = "dddddddd-0000-4000-8000-000000000001";

    @TempDir
    Path tmp;

    private Machine a;
    private String cluster;
    private String secret;

    @BeforeEach
    void machineWithASecretInItsNewestLine() throws IOException {
        cluster = tmp.resolve("cluster.git").toString();
        a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        a.appendSession(SESSION, 2);
        a.ok("init", a.root.toString(), "--remote", cluster);
        // Made at test time so no live-looking token is committed.
        Random rnd = new Random(7);
        StringBuilder b = new StringBuilder("sk-ant-api03-");
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        for (int i = 0; i < 93; i++) {
            b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
        }
        secret = b.append("AA").toString();
        String line = "{\"type\":\"user\",\"uuid\":\"s-1\",\"cwd\":" + Machine.json(a.nativeRoot())
                + ",\"message\":{\"content\":\"export ANTHROPIC_API_KEY=" + secret + "\\n\"},\"toolUseResult\":{\"stdout\":\"ANTHROPIC_API_KEY="
                + secret + "\"}}\n";
        Files.writeString(a.contextDir().resolve(SESSION + ".jsonl"), line, StandardOpenOption.APPEND);
    }

    @Test
    void scanSecretsWarnsAndPushes() throws Exception {
        Machine.Result r = a.ok("push", "--scan-secrets");
        assertTrue(r.err().contains("secret: " + SESSION + ".jsonl:3 anthropic-api-key"), r.err());
        assertFalse(r.err().contains(secret), "the secret is never printed whole");
        assertTrue(clusterText().contains(secret));
    }

    @Test
    void strictRefusesThePushAndPublishesNothing() throws Exception {
        String before = git("rev-parse", "project/proj");
        Machine.Result r = a.run("push", "--scan-secrets", "--strict");
        assertEquals(8, r.code(), r.toString());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.err().contains(secret));
        assertEquals(before, git("rev-parse", "project/proj"));
    }

    @Test
    void aStrictProjectDefaultRefusesAPlainSyncUntilTheFindingIsAllowed() throws Exception {
        a.ok("defaults", "--scan-secrets", "strict");
        assertEquals(8, a.run("sync").code());
        Machine.Result scan = a.run("scan", "--json");
        assertEquals(1, scan.code(), scan.toString());
        String id = ((java.util.Map<?, ?>) ((List<?>) Json.parse(scan.out())).get(0)).get("id").toString();
        a.ok("scan", "--allow", id);
        a.ok("sync");
        assertTrue(clusterText().contains(secret));
    }

    @Test
    void redactSendsMarkersKeepsLocalFilesAndIsStable() throws Exception {
        byte[] local = Files.readAllBytes(a.contextDir().resolve(SESSION + ".jsonl"));
        a.ok("push", "--redact");
        String text = clusterText();
        assertFalse(text.contains(secret.substring(20, 32)), "no 12-character window of the secret reaches the cluster");
        assertTrue(text.contains("[REDACTED:anthropic-api-key]"), text);
        for (String line : text.split("\n")) {
            Json.parse(line);
        }
        assertTrue(java.util.Arrays.equals(local, Files.readAllBytes(a.contextDir().resolve(SESSION + ".jsonl"))), "local file untouched");
        a.ok("defaults", "--redact", "on");
        String commits = git("rev-list", "--count", "project/proj");
        a.ok("sync");
        a.ok("sync");
        assertEquals(commits, git("rev-list", "--count", "project/proj"), "later syncs do not fight over the redaction");
        a.appendSession(SESSION, 1);
        a.ok("sync");
        assertFalse(clusterText().contains(secret.substring(20, 32)));
    }

    @Test
    void theHooksBackgroundSyncHonoursTheProjectsRedaction() throws Exception {
        a.ok("defaults", "--redact", "on");
        Path transcript = a.contextDir().resolve(SESSION + ".jsonl");
        Machine.Result r = a.runWithInput(HookSyncTest.hookJson(a.nativeRoot(), a.nativePath(transcript)), "hook-sync");
        assertEquals(0, r.code(), r.toString());
        HookLogWatch.awaitLine(a, l -> l.contains(" proj "), 30);
        String text = clusterText();
        assertFalse(text.contains(secret.substring(20, 32)), "the hook's sync redacted the secret too");
        assertTrue(text.contains("[REDACTED:anthropic-api-key]"), text);
    }

    @Test
    void newSessionsStagedInParallelAreRedactedToo() throws Exception {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = "cccccccc-0000-4000-8000-00000000000" + i;
            sessions.add(id);
            a.appendSession(id, 2500);
        }
        Path withSecret = a.contextDir().resolve(sessions.get(3) + ".jsonl");
        Files.writeString(withSecret, "{\"type\":\"user\",\"uuid\":\"p-1\",\"message\":{\"content\":\"key " + secret + "\"}}\n",
                StandardOpenOption.APPEND);
        assertTrue(Files.size(withSecret) > 1 << 20, "big enough for the parallel staging path");
        Machine.Result r = a.ok("push", "--redact", "--scan-secrets");
        assertTrue(r.err().contains("secret: " + sessions.get(3) + ".jsonl"), r.err());
        String text = git("show", "project/proj:context/" + sessions.get(3) + ".jsonl");
        assertFalse(text.contains(secret.substring(20, 32)));
        assertTrue(text.contains("[REDACTED:anthropic-api-key]"));
    }

    @Test
    void aPullOfAnotherMachinesChangeKeepsTheLocalUnredactedLines() throws Exception {
        a.ok("defaults", "--redact", "on");
        a.ok("sync");
        Machine b = new Machine(tmp, "b", "bob", "linux", "work/proj");
        b.ok("join", b.root.toString(), "--remote", cluster);
        assertFalse(Files.readString(b.contextDir().resolve(SESSION + ".jsonl")).contains(secret), "B only ever sees the redacted text");
        List<String> fromB = b.appendSession(SESSION, 2);
        b.ok("sync");
        a.ok("sync");
        String onA = Files.readString(a.contextDir().resolve(SESSION + ".jsonl"));
        assertTrue(onA.contains("ANTHROPIC_API_KEY=" + secret), "A's own line is kept as A wrote it");
        assertFalse(onA.contains("[REDACTED:"), onA);
        for (String id : fromB) {
            assertTrue(onA.contains("\"uuid\":\"" + id + "\""), "A received B's line " + id);
        }
        String commits = git("rev-list", "--count", "project/proj");
        a.ok("sync");
        b.ok("sync");
        assertEquals(commits, git("rev-list", "--count", "project/proj"), "nothing to fight over afterwards");
    }

    private String clusterText() throws Exception {
        return git("show", "project/proj:context/" + SESSION + ".jsonl");
    }

    private String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "--git-dir", cluster));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.strip();
    }
}
