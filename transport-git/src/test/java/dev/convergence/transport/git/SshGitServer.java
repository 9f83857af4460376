package dev.convergence.transport.git;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.nio.file.Path;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.git.GitLocationResolver;
import org.apache.sshd.git.pack.GitPackCommandFactory;
import org.apache.sshd.server.SshServer;

/**
 * An in-process Apache MINA SSHD server on 127.0.0.1 that serves git-upload-pack and
 * git-receive-pack (through JGit) for every repository under one directory, and accepts one
 * public key.
 */
public final class SshGitServer implements AutoCloseable {

    private final SshServer server;
    private final KeyPair hostKey;

    private SshGitServer(SshServer server, KeyPair hostKey) {
        this.server = server;
        this.hostKey = hostKey;
    }

    public static SshGitServer serve(Path root, PublicKey authorized) throws IOException, GeneralSecurityException {
        KeyPair hostKey = newKeyPair();
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorized));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setCommandFactory(new GitPackCommandFactory(GitLocationResolver.constantPath(root)));
        server.start();
        return new SshGitServer(server, hostKey);
    }

    public static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    public int port() {
        return server.getPort();
    }

    public PublicKey hostKey() {
        return hostKey.getPublic();
    }

    /** The {@code ssh://} URL of repository {@code name} under the served directory. */
    public String url(String name) {
        return "ssh://git@127.0.0.1:" + port() + "/" + name;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
