package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which CA bundle HTTPS clusters are checked against, found the way git finds it. */
class CaBundleTest {

    @TempDir
    Path home;

    @Test
    void withNothingConfiguredTheJdksCasAreUsed() {
        assertEquals(Optional.empty(), CaBundle.configured(Map.of(), home));
    }

    @Test
    void gitSslCainfoWinsOverGitconfig() throws Exception {
        Files.writeString(home.resolve(".gitconfig"), "[http]\n\tsslCAInfo = /etc/from-gitconfig.pem\n");
        CaBundle b = CaBundle.configured(Map.of("GIT_SSL_CAINFO", "/etc/from-env.pem"), home).orElseThrow();
        assertEquals(Path.of("/etc/from-env.pem"), b.file());
        assertEquals("GIT_SSL_CAINFO", b.source());
    }

    @Test
    void gitconfigWinsOverTheXdgConfigAndTildeIsTheHome() throws Exception {
        Files.createDirectories(home.resolve(".config/git"));
        Files.writeString(home.resolve(".config/git/config"), "[http]\n\tsslCAInfo = /etc/xdg.pem\n");
        assertEquals(Path.of("/etc/xdg.pem"), CaBundle.configured(Map.of(), home).orElseThrow().file());
        Files.writeString(home.resolve(".gitconfig"), "[user]\n\tname = me\n[http]\n\tsslCAInfo = ~/certs/corp.pem\n");
        CaBundle b = CaBundle.configured(Map.of(), home).orElseThrow();
        assertEquals(home.resolve("certs/corp.pem"), b.file());
        assertTrue(b.source().contains(".gitconfig"), b.source());
    }

    @Test
    void aBundleOfSeveralCertificatesIsRead() throws Exception {
        Path a = TestCertificate.create(home.resolve("a")).writePem(home.resolve("a.pem"));
        Path b = TestCertificate.create(home.resolve("b")).writePem(home.resolve("b.pem"));
        Path bundle = Files.writeString(home.resolve("bundle.pem"), "# company CAs\n" + Files.readString(a) + Files.readString(b));
        var trust = (javax.net.ssl.X509TrustManager) new CaBundle(bundle, "test").trustManagers()[0];
        assertEquals(2, trust.getAcceptedIssuers().length);
    }

    @Test
    void anEmptyBundleIsAConfigError() throws Exception {
        Path empty = Files.writeString(home.resolve("empty.pem"), "");
        ConfigException e = assertThrows(ConfigException.class, () -> new CaBundle(empty, "GIT_SSL_CAINFO").trustManagers());
        assertTrue(e.getMessage().contains("no PEM certificate"), e.getMessage());
    }
}
