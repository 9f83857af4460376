package dev.convergence.transport.s3;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.util.Set;

/** Declares the {@code s3} scheme; the transport itself is not available in this version yet. */
public final class S3TransportProvider implements TransportProvider {

    @Override
    public String id() {
        return "s3";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Transport open(ClusterUri uri, TransportContext context) throws UnsupportedClusterException {
        throw new UnsupportedClusterException("the s3 transport is not available yet in this version");
    }
}
