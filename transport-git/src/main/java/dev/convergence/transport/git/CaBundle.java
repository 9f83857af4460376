package dev.convergence.transport.git;

import dev.convergence.api.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;

/**
 * The PEM file of CA certificates that HTTPS clusters must be signed by, chosen as git chooses it:
 * {@code GIT_SSL_CAINFO}, else {@code http.sslCAInfo} in {@code ~/.gitconfig}, else in
 * {@code $XDG_CONFIG_HOME/git/config} ({@code ~/.config/git/config}). Like git, a bundle replaces
 * the JDK's trusted CAs rather than adding to them. Without one, the JDK's CAs are used.
 *
 * @param file   the PEM file
 * @param source where the setting came from, for messages
 */
record CaBundle(Path file, String source) {

    static final String ENV = "GIT_SSL_CAINFO";

    /** The bundle the user configured, if any; never reads the bundle itself. */
    static Optional<CaBundle> configured(Map<String, String> environment, Path home) {
        String fromEnv = environment.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(new CaBundle(expand(fromEnv, home), ENV));
        }
        Path xdg = Optional.ofNullable(environment.get("XDG_CONFIG_HOME")).filter(s -> !s.isBlank())
                .map(Path::of).orElse(home.resolve(".config"));
        for (Path config : new Path[] {home.resolve(".gitconfig"), xdg.resolve("git").resolve("config")}) {
            Optional<String> value = sslCaInfo(config);
            if (value.isPresent()) {
                return Optional.of(new CaBundle(expand(value.get(), home), "http.sslCAInfo in " + config));
            }
        }
        return Optional.empty();
    }

    /** Trust managers that accept exactly the chains ending at a certificate of this bundle. */
    TrustManager[] trustManagers() {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw unusable("it holds no PEM certificate", null);
            }
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (Certificate c : certificates) {
                anchors.setCertificateEntry("ca-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            return tmf.getTrustManagers();
        } catch (NoSuchFileException e) {
            throw unusable("there is no such file", e);
        } catch (AccessDeniedException e) {
            throw unusable("permission denied", e);
        } catch (IOException | GeneralSecurityException e) {
            throw unusable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    private ConfigException unusable(String why, Exception cause) {
        return new ConfigException("the CA bundle " + file + " (" + source + ") cannot be used: " + why.replaceAll("\\s+", " "),
                "point " + ENV + " or git config http.sslCAInfo at a readable PEM file of CA certificates", cause);
    }

    /** The last {@code http.sslCAInfo} of one git config file; an unreadable or invalid file has none. */
    private static Optional<String> sslCaInfo(Path config) {
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        FileBasedConfig parsed = new FileBasedConfig(config.toFile(), FS.DETECTED);
        try {
            parsed.load();
        } catch (IOException | ConfigInvalidException unreadable) {
            return Optional.empty();
        }
        return Optional.ofNullable(parsed.getString("http", null, "sslCAInfo")).filter(s -> !s.isBlank());
    }

    /** Git's pathname expansion: a leading {@code ~/} is the home directory. */
    private static Path expand(String path, Path home) {
        String p = path.strip();
        return p.startsWith("~/") ? home.resolve(p.substring(2)) : Path.of(p);
    }
}
