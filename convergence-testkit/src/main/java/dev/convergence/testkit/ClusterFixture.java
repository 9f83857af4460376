package dev.convergence.testkit;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One cluster location under test and the means to connect new "machines" to it. Each
 * {@link #open()} stands for a different machine: it gets its own, empty cache directory, so
 * nothing one transport caches locally is visible to another.
 *
 * @param provider    the provider under test
 * @param uri         where the cluster lives; missing or empty until {@code ensureCluster(true)}
 * @param home        the home directory the transports see ({@code ~/.ssh}, credentials)
 * @param environment the environment the transports see (also given to child processes)
 * @param scratchDir  an existing directory where per-machine cache directories are created
 */
public record ClusterFixture(TransportProvider provider, ClusterUri uri, Path home,
                             Map<String, String> environment, Path scratchDir) {

    public ClusterFixture {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(home, "home");
        environment = Map.copyOf(environment);
        Objects.requireNonNull(scratchDir, "scratchDir");
    }

    /** A fixture with no extra environment. */
    public static ClusterFixture of(TransportProvider provider, ClusterUri uri, Path home, Path scratchDir) {
        return new ClusterFixture(provider, uri, home, Map.of(), scratchDir);
    }

    /** A context for a new machine: a fresh cache directory, this fixture's home and environment. */
    public TransportContext newMachineContext() {
        try {
            Path cache = Files.createTempDirectory(scratchDir, "machine-");
            return new TransportContext(cache, home, environment, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a transport on this cluster as a new machine; the caller closes it. */
    public Transport open() {
        try {
            return provider.open(uri, newMachineContext());
        } catch (UnsupportedClusterException e) {
            throw new IllegalStateException("provider " + provider.id() + " refused " + uri + ": " + e.getMessage(), e);
        }
    }
}
