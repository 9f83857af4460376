package dev.convergence.api.transport;

import dev.convergence.api.ProjectId;
import java.util.Optional;
import java.util.Set;

/**
 * Opens transports for the schemes it declares. Implementations are discovered with
 * {@link java.util.ServiceLoader} (declare them with {@code provides} in module-info and in
 * {@code META-INF/services}) and need a public no-argument constructor. They must be stateless
 * and thread-safe.
 *
 * <p>Core picks, for a {@link ClusterUri}, the providers that declare its scheme, in descending
 * {@link #priority()}, ties broken by {@link #id()}; the first that does not refuse wins. Two
 * providers with the same id are a start-up error.
 */
public interface TransportProvider {

    /** Short unique id ({@code git}, {@code dir}, {@code s3}). */
    String id();

    /** The lower-case schemes this provider can serve. */
    Set<String> schemes();

    /** Higher wins among providers of the same scheme; built-ins use 0. */
    int priority();

    /** One line for {@code convergence plugins}. */
    default String description() {
        return id();
    }

    /**
     * Opens a transport; cheap (no network round trip is required until the first call on it).
     *
     * @throws UnsupportedClusterException when this provider cannot serve {@code uri}, with the reason
     */
    Transport open(ClusterUri uri, TransportContext context) throws UnsupportedClusterException;

    /**
     * The project's current snapshot token when this provider can read it without opening a
     * transport, without the network and without loading its libraries (a cluster on a local
     * disk), else empty. Never a guess: a token returned is what {@link Transport#read} would
     * give at that moment. Core uses it to let a sync with nothing to do end without opening the
     * cluster; the default (empty) always opens it.
     */
    default Optional<SnapshotToken> peekToken(ClusterUri uri, ProjectId project, TransportContext context) {
        return Optional.empty();
    }
}
