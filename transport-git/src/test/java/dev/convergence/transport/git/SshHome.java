package dev.convergence.transport.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** A user's home with {@code ~/.ssh}: a private key, known_hosts and, optionally, a config. */
public final class SshHome {

    private SshHome() {
    }

    /** Writes {@code ~/.ssh/id_ecdsa} and a known_hosts entry for {@code [127.0.0.1]:port} and {@code [alias]:port}. */
    public static Path create(Path home, KeyPair userKey, PublicKey hostKey, int port, String alias)
            throws IOException, GeneralSecurityException {
        Path ssh = Files.createDirectories(home.resolve(".ssh"));
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        Path key = ssh.resolve("id_ecdsa");
        try (OutputStream out = Files.newOutputStream(key)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(userKey, "convergence-test", null, out);
        }
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        String entry = PublicKeyEntry.toString(hostKey);
        Files.writeString(ssh.resolve("known_hosts"),
                "[127.0.0.1]:" + port + " " + entry + "\n" + "[" + alias + "]:" + port + " " + entry + "\n",
                StandardCharsets.UTF_8);
        Files.writeString(ssh.resolve("config"), "Host " + alias + "\n  HostName 127.0.0.1\n  Port " + port
                + "\n  User git\n", StandardCharsets.UTF_8);
        return home;
    }
}
