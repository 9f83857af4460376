package dev.convergence.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.convergence.transport.git.BareRepositories;
import dev.convergence.transport.git.HttpsGitServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promise 7: every bad input gets one line (what is wrong, what to do), its documented exit code
 * (docs/exit-codes.md), no stack trace, and nothing lost.
 */
class BadInputCatalogueTest {

    private static final String SESSION = "aaaaaaaa-0000-4000-8000-000000000001";

    @TempDir
    Path tmp;

    private Machine a;
    private String cluster;

    @BeforeEach
    void aMachineWithOneSyncedProject() throws IOException {
        cluster = tmp.resolve("cluster.git").toString();
        a = new Machine(tmp, "a", "alice", "linux", "src/proj");
        a.appendSession(SESSION, 3);
        a.ok("init", a.root.toString(), "--remote", cluster);
    }

    private Machine.Result expect(Machine m, int code, String... args) {
        Machine.Result r = m.run(args);
        assertEquals(code, r.code(), String.join(" ", args) + " → " + r);
        assertEquals(1, r.err().lines().count(), "exactly one line: " + r.err());
        assertTrue(r.err().startsWith("convergence: "), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        return r;
    }

    private Machine fresh(String name) throws IOException {
        return new Machine(tmp, name, name + "user", "linux", "src/proj");
    }

    @Test void initOfAMissingRootIsBadInput() { expect(a, 2, "init", tmp.resolve("nope").toString(), "--remote", cluster); }

    @Test void initOfAFileIsBadInput() throws IOException {
        Path f = Files.writeString(tmp.resolve("file"), "x");
        expect(a, 2, "init", f.toString(), "--remote", cluster);
    }

    @Test void anInvalidProjectIdIsBadInput() { expect(a, 2, "init", a.root.toString(), "--remote", tmp.resolve("c2").toString(), "--project-id", "bad id"); }

    @Test void initOfAProjectTheClusterHasIsBadInput() throws IOException {
        Machine b = fresh("b");
        expect(b, 2, "init", b.root.toString(), "--remote", cluster);
    }

    @Test void joinOfAnUnknownProjectIsNotFound() throws IOException {
        Machine b = fresh("b");
        expect(b, 3, "join", b.root.toString(), "--remote", cluster, "--project-id", "other");
    }

    @Test void syncOutsideAnyProjectIsNotFound() throws IOException {
        expect(fresh("b"), 3, "sync");
    }

    @Test void pushOfAnUnregisteredRootIsNotFound() { expect(a, 3, "push", tmp.toString()); }

    @Test void initWithNoRemoteAnywhereIsAConfigError() throws IOException {
        Machine b = fresh("b");
        expect(b, 4, "init", b.root.toString());
    }

    @Test void aCorruptConfigIsAConfigError() throws IOException {
        Machine b = fresh("b");
        Files.createDirectories(b.home.resolve(".convergence"));
        Files.writeString(b.home.resolve(".convergence/config.json"), "{ nope");
        expect(b, 4, "init", b.root.toString());
    }

    @Test void aCorruptProjectStateIsAConfigErrorAndTheContextIsUntouched() throws IOException {
        byte[] before = Files.readAllBytes(a.contextDir().resolve(SESSION + ".jsonl"));
        Files.writeString(a.home.resolve(".convergence/projects/proj.json"), "{\"project_id\": ");
        expect(a, 4, "sync", a.root.toString());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(a.contextDir().resolve(SESSION + ".jsonl"))));
    }

    @Test void anUnknownSchemeSaysWhichTransportsExist() {
        Machine.Result r = expect(a, 4, "projects", "--remote", "foo://host/x");
        assertTrue(r.err().contains("git"), r.err());
    }

    @Test void anS3FlagWithoutS3UriIsBadInput() { expect(a, 2, "projects", "--s3", "bucket/prefix"); }

    @Test void anUnreachableRemoteIsATransportError() {
        expect(a, 5, "projects", "--remote", "git://127.0.0.1:1/nothing.git");
    }

    @Test void aRemoteThatIsNotAClusterIsATransportError() throws Exception {
        Path repo = tmp.resolve("code.git");
        Process p = new ProcessBuilder("git", "init", "-q", repo.toString()).start();
        assertEquals(0, p.waitFor());
        Path readme = repo.resolve("README");
        Files.writeString(readme, "code");
        for (String[] cmd : List.of(new String[] {"git", "-C", repo.toString(), "add", "README"},
                new String[] {"git", "-C", repo.toString(), "-c", "user.name=x", "-c", "user.email=x@x", "commit", "-qm", "code"})) {
            assertEquals(0, new ProcessBuilder(cmd).start().waitFor());
        }
        expect(a, 5, "projects", "--remote", repo.toString());
    }

    @Test void aRemoteThatIsAPlainFileIsATransportError() throws IOException {
        Path f = Files.writeString(tmp.resolve("plain.txt"), "not a repo");
        expect(a, 5, "projects", "--remote", f.toString());
    }

    @Test void badCredentialsAreAnAuthenticationError() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("repos"));
        dev.convergence.transport.git.BareRepositories.createEmpty(served.resolve("cluster.git"));
        java.security.KeyPair allowed = dev.convergence.transport.git.SshGitServer.newKeyPair();
        java.security.KeyPair wrong = dev.convergence.transport.git.SshGitServer.newKeyPair();
        try (var server = dev.convergence.transport.git.SshGitServer.serve(served, allowed.getPublic())) {
            Machine b = fresh("b");
            dev.convergence.transport.git.SshHome.create(b.home, wrong, server.hostKey(), server.port(), "cluster-host");
            Machine.Result r = expect(b, 6, "projects", "--remote", server.url("cluster.git"));
            assertFalse(r.err().contains("BEGIN") || r.err().contains("PRIVATE"), "no key material in the message");
        }
    }

    @Test void aWrongHttpsPasswordIsAnAuthenticationErrorAndTheContextIsUntouched() throws Exception {
        try (HttpsGitServer server = httpsServer()) {
            Machine b = fresh("b").set("GIT_SSL_CAINFO", server.caFile().toString())
                    .set("CONVERGENCE_GIT_USERNAME", "bob").set("CONVERGENCE_GIT_PASSWORD", server.password());
            b.appendSession(SESSION, 2);
            b.ok("init", b.root.toString(), "--remote", server.url("cluster.git"));
            b.appendSession(SESSION, 1);
            Path transcript = b.contextDir().resolve(SESSION + ".jsonl");
            byte[] before = Files.readAllBytes(transcript);
            b.set("CONVERGENCE_GIT_PASSWORD", "pw-wrong-Zx81");
            Machine.Result r = expect(b, 6, "sync");
            assertTrue(r.err().contains("CONVERGENCE_GIT_PASSWORD"), "names where the login came from: " + r.err());
            assertFalse(r.err().contains("pw-wrong-Zx81") || r.err().contains(server.password()), r.err());
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(transcript)));
        }
    }

    @Test void anHttpsCertificateNoConfiguredCaSignedIsATransportErrorThatSaysWhatToSet() throws Exception {
        try (HttpsGitServer server = httpsServer()) {
            Machine b = fresh("b").set("CONVERGENCE_GIT_USERNAME", "bob").set("CONVERGENCE_GIT_PASSWORD", server.password());
            Machine.Result r = expect(b, 5, "projects", "--remote", server.url("cluster.git"));
            assertTrue(r.err().contains("does not trust") && r.err().contains("GIT_SSL_CAINFO"), r.err());
        }
    }

    @Test void aMissingCaBundleIsAConfigError() throws IOException {
        Machine b = fresh("b").set("GIT_SSL_CAINFO", tmp.resolve("no-such-ca.pem").toString());
        Machine.Result r = expect(b, 4, "projects", "--remote", "https://127.0.0.1:1/cluster.git");
        assertTrue(r.err().contains("no-such-ca.pem"), r.err());
    }

    @Test void aPasswordInTheClusterUrlIsBadInputAndIsNeitherShownNorStored() throws Exception {
        Machine b = fresh("b");
        Machine.Result r = expect(b, 2, "init", b.root.toString(), "--remote", "https://bob:pw-in-url-9@127.0.0.1:1/cluster.git");
        assertFalse(r.err().contains("pw-in-url-9"), r.err());
        assertTrue(r.err().contains("~/.git-credentials"), r.err());
        Path state = Files.createDirectories(b.home.resolve(".convergence"));
        try (var files = Files.walk(state)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains("pw-in-url-9"), f.toString());
            }
        }
    }

    private HttpsGitServer httpsServer() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("https"));
        BareRepositories.createEmpty(served.resolve("cluster.git"));
        return HttpsGitServer.serve(served, "bob", "pw-right-Qm47", tmp.resolve("https-server"));
    }

    @Test void doctorOfAMissingDirIsBadInput() { expect(a, 2, "doctor", tmp.resolve("missing").toString()); }

    @Test void canonicalizeIntoTheContextDirIsBadInput() {
        expect(a, 2, "canonicalize", a.contextDir().toString(), a.contextDir().resolve("out").toString(), "--root", a.root.toString());
    }

    @Test void restoreOfAnUnknownBackupIsNotFound() { expect(a, 3, "restore", "--from", "20000101T000000Z"); }

    @Test void forgetOfAnUnknownSessionIsNotFound() { expect(a, 3, "forget", "bbbbbbbb-0000-4000-8000-000000000009"); }

    @Test void forgetOfAPathIsBadInput() { expect(a, 2, "forget", "../escape"); }

    @Test void aCloneDirInsideClaudesProjectsDirIsRefused() throws IOException {
        Machine b = fresh("b");
        b.set("CONVERGENCE_HOME", b.home.resolve(".claude/projects/.convergence").toString());
        expect(b, 2, "join", b.root.toString(), "--remote", cluster);
    }

    @Test void aClusterDirInsideClaudesProjectsDirIsRefused() throws IOException {
        Machine b = fresh("b");
        expect(b, 2, "init", b.root.toString(), "--cluster", b.home.resolve(".claude/projects/cluster").toString());
    }

    @Test void aSecondSyncWhileOneRunsSaysAnotherSyncIsRunning() throws Exception {
        try (var lock = dev.convergence.core.state.ProjectLock.acquire(a.env().convergenceHome(),
                dev.convergence.api.ProjectId.of("proj"), Duration.ZERO)) {
            Machine.Result r = expect(a, 9, "sync");
            assertTrue(r.err().contains("another sync"), r.err());
        }
    }

    @Test void aFileReplacedByADirectoryIsReportedAndNothingIsLost() throws IOException {
        Machine b = fresh("b");
        b.ok("join", b.root.toString(), "--remote", cluster);
        a.appendSession(SESSION, 1);
        a.ok("sync");
        Path target = b.contextDir().resolve(SESSION + ".jsonl");
        Files.delete(target);
        Files.createDirectories(target);
        Machine.Result r = b.run("sync");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("not a regular file"), r.err());
        assertTrue(Files.isDirectory(target), "the directory the user put there is left alone");
    }

    @Test void invalidUtf8AndNonJsonLinesAreDataNotErrors() throws Exception {
        Path f = a.contextDir().resolve(SESSION + ".jsonl");
        byte[] bad = {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n', 'n', 'o', 't', ' ', 'j', 's', 'o', 'n', '\n'};
        Files.write(f, bad, StandardOpenOption.APPEND);
        Machine.Result r = a.ok("sync");
        assertNoDiagnostics(r);
        Process p = new ProcessBuilder("git", "--git-dir", cluster, "show", "project/proj:context/" + SESSION + ".jsonl").start();
        byte[] inCluster = p.getInputStream().readAllBytes();
        byte[] local = Files.readAllBytes(f);
        assertTrue(new String(inCluster, StandardCharsets.ISO_8859_1).endsWith(new String(bad, StandardCharsets.ISO_8859_1)),
                "both lines reach the cluster byte for byte");
        assertEquals(local.length - inCluster.length, local.length - inCluster.length);
    }

    @Test void aTranscriptLineOf100MegabytesSyncs() throws Exception {
        Path f = a.contextDir().resolve(SESSION + ".jsonl");
        try (var out = Files.newOutputStream(f, StandardOpenOption.APPEND)) {
            out.write(("{\"type\":\"user\",\"cwd\":" + Machine.json(a.nativeRoot()) + ",\"toolUseResult\":{\"stdout\":\"").getBytes(StandardCharsets.UTF_8));
            byte[] chunk = ("see " + a.nativeRoot() + "/src/x.py\\n").getBytes(StandardCharsets.UTF_8);
            for (long n = 0; n < 100L << 20; n += chunk.length) {
                out.write(chunk);
            }
            out.write("\"}}\n".getBytes(StandardCharsets.UTF_8));
        }
        Machine.Result r = a.ok("sync");
        assertNoDiagnostics(r);
        Machine b = fresh("b");
        b.ok("join", b.root.toString(), "--remote", cluster);
        assertEquals(Files.size(f) - (long) a.nativeRoot().length() * 0, Files.size(f));
        String head = new String(Files.newInputStream(b.contextDir().resolve(SESSION + ".jsonl")).readNBytes(1 << 16), StandardCharsets.UTF_8);
        assertFalse(head.contains("alice"));
    }

    @Test void aReadOnlyContextDirFailsThePullWithOneLinePerFileAndLosesNothing() throws Exception {
        Machine b = fresh("b");
        b.ok("join", b.root.toString(), "--remote", cluster);
        a.appendSession(SESSION, 2);
        a.ok("sync");
        byte[] before = Files.readAllBytes(b.contextDir().resolve(SESSION + ".jsonl"));
        readOnly(b.contextDir(), true);
        try {
            Machine.Result r = b.run("sync");
            assertEquals(1, r.code(), r.toString());
            assertTrue(r.err().contains("not pulled: cannot write"), r.err());
            assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(b.contextDir().resolve(SESSION + ".jsonl"))));
        } finally {
            readOnly(b.contextDir(), false);
        }
        b.ok("sync");
        assertTrue(Files.readString(b.contextDir().resolve(SESSION + ".jsonl")).length() > before.length);
    }

    @Test void aFullDiskIsOneLineAndLeavesTheContextIntact() throws Exception {
        Path small = tmp.resolve("small");
        Files.createDirectories(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", small.toString()).start();
        assumeTrue(mount.waitFor() == 0, "this machine cannot mount a tmpfs (not root?)");
        try {
            a.appendSession(SESSION, 4000);
            a.ok("sync");
            Machine b = fresh("b");
            b.set("CONVERGENCE_HOME", small.resolve("conv").toString());
            Machine.Result r = expect(b, 12, "join", b.root.toString(), "--remote", cluster);
            assertTrue(r.err().contains("No space left"), r.err());
            assertFalse(Files.exists(b.contextDir().resolve(SESSION + ".jsonl")), "nothing half-written in the context dir");
        } finally {
            // The machines run in this JVM, and JGit's process-wide window cache may still hold a
            // clone's pack open: detach the file system lazily when a plain unmount finds it busy.
            if (new ProcessBuilder("umount", small.toString()).start().waitFor() != 0) {
                new ProcessBuilder("umount", "-l", small.toString()).start().waitFor();
            }
        }
    }

    /** Progress lines may appear on stderr for long runs; warnings and errors may not. */
    private static void assertNoDiagnostics(Machine.Result r) {
        assertFalse(r.err().contains("warning:") || r.err().contains("error:") || r.err().contains("convergence: "), r.err());
    }

    private static void readOnly(Path dir, boolean on) throws Exception {
        boolean root = "root".equals(System.getProperty("user.name"));
        Process p = root ? new ProcessBuilder("chattr", on ? "+i" : "-i", dir.toString()).start()
                : new ProcessBuilder("chmod", on ? "555" : "755", dir.toString()).start();
        assertEquals(0, p.waitFor());
    }
}
