package dev.convergence.transport.git;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.util.Set;
import org.eclipse.jgit.util.FS;

/**
 * The git transport: a cluster is one git repository (local path, {@code file://},
 * {@code git://}, {@code ssh://} or scp-like {@code user@host:path}, {@code http(s)://}), a
 * project an orphan branch {@code project/<id>}. Stateless and thread-safe; opening is cheap
 * and does not touch the network.
 */
public final class GitTransportProvider implements TransportProvider {

    static {
        // Without this JGit measures file-timestamp resolution on first use and stalls for seconds.
        FS.FileStoreAttributes.setBackground(true);
    }

    @Override
    public String id() {
        return "git";
    }

    @Override
    public Set<String> schemes() {
        return ClusterLocation.SCHEMES;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String description() {
        return "git repository (path, file://, git://, ssh://, user@host:path, https://); project = branch project/<id>";
    }

    @Override
    public Transport open(ClusterUri uri, TransportContext context) throws UnsupportedClusterException {
        return new GitTransport(uri, ClusterLocation.of(uri), context);
    }
}
