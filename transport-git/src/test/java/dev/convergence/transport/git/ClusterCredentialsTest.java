package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where HTTPS credentials come from, in order: environment, ~/.git-credentials, ~/.netrc. */
class ClusterCredentialsTest {

    @TempDir
    Path home;

    private final URIish github = uri("https://github.com/me/cluster.git");

    @Test
    void theEnvironmentComesFirst() throws Exception {
        Files.writeString(home.resolve(".git-credentials"), "https://file-user:file-secret@github.com\n");
        var c = new ClusterCredentials(Map.of("CONVERGENCE_GIT_USERNAME", "me", "CONVERGENCE_GIT_PASSWORD", "s3cret"), home);
        assertLogin("me", "s3cret", c.lookup(github));
    }

    @Test
    void aTokenAloneIsEnough() {
        var c = new ClusterCredentials(Map.of("CONVERGENCE_GIT_TOKEN", "ghp_x"), home);
        assertLogin("x-access-token", "ghp_x", c.lookup(github));
    }

    @Test
    void gitCredentialsMatchByHost() throws Exception {
        Files.writeString(home.resolve(".git-credentials"),
                "https://other:nope@gitlab.com\nhttps://me:p%40ss@github.com\n");
        assertLogin("me", "p@ss", new ClusterCredentials(Map.of(), home).lookup(github));
    }

    @Test
    void netrcIsTheLastResort() throws Exception {
        Files.writeString(home.resolve(".netrc"),
                "machine gitlab.com login a password b\nmachine github.com\n  login me\n  password n3trc\n");
        assertLogin("me", "n3trc", new ClusterCredentials(Map.of(), home).lookup(github));
    }

    @Test
    void withNothingConfiguredJGitGetsNoAnswer() {
        var c = new ClusterCredentials(Map.of(), home);
        assertEquals(Optional.empty(), c.lookup(github));
        assertFalse(c.get(github, new CredentialItem.Username(), new CredentialItem.Password()));
    }

    @Test
    void sshQuestionsAreNeverAnswered() {
        var c = new ClusterCredentials(Map.of("CONVERGENCE_GIT_TOKEN", "t"), home);
        assertFalse(c.get(uri("ssh://git@github.com/me/c.git"), new CredentialItem.Password()));
        assertFalse(c.supports(new CredentialItem.YesNoType("accept host key?")));
        assertFalse(c.isInteractive());
        assertTrue(c.get(github, new CredentialItem.Password()));
    }

    private static void assertLogin(String user, String password, Optional<ClusterCredentials.Login> login) {
        assertTrue(login.isPresent());
        assertEquals(user, login.get().user());
        assertEquals(password, new String(login.get().password()));
    }

    private static URIish uri(String s) {
        try {
            return new URIish(s);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
