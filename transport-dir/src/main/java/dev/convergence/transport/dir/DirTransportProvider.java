package dev.convergence.transport.dir;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.util.Set;

/** Declares the {@code dir} scheme; the transport itself is not available in this version yet. */
public final class DirTransportProvider implements TransportProvider {

    @Override
    public String id() {
        return "dir";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("dir");
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Transport open(ClusterUri uri, TransportContext context) throws UnsupportedClusterException {
        throw new UnsupportedClusterException("the dir transport is not available yet in this version");
    }
}
