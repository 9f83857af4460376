package dev.convergence.transport.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed TLS certificate for 127.0.0.1 and localhost, made at test time by the JDK's
 * {@code keytool} (the JDK has no public API to sign a certificate). It is its own CA: the PEM
 * file {@link #writePem} writes is what a user would point {@code http.sslCAInfo} at.
 */
public final class TestCertificate {

    private static final String ALIAS = "server";

    private final Path keyStore;
    private final char[] password;

    private TestCertificate(Path keyStore, char[] password) {
        this.keyStore = keyStore;
        this.password = password;
    }

    /** Generates a key pair and certificate, valid for two days, into a PKCS#12 file under {@code dir}. */
    public static TestCertificate create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path store = dir.resolve("server.p12");
        String password = "test-store-password";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1, O=Convergence tests",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", password))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool failed: " + output);
        }
        return new TestCertificate(store, password.toCharArray());
    }

    KeyStore keyStore() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, password);
        }
        return ks;
    }

    char[] storePassword() {
        return password.clone();
    }

    /** Writes the certificate as PEM, the format of a CA bundle. */
    public Path writePem(Path file) throws IOException, GeneralSecurityException {
        Certificate cert = keyStore().getCertificate(ALIAS);
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded());
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n",
                StandardCharsets.US_ASCII);
    }
}
