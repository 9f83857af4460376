package example.plugin;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.util.ServiceLoader;
import java.util.Set;

/** Serves example:///some/folder by handing the folder to the built-in directory transport. */
public final class ExampleTransportProvider implements TransportProvider {

    @Override
    public String id() {
        return "example";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("example");
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String description() {
        return "example:///folder, a directory cluster under a scheme of its own";
    }

    @Override
    public Transport open(ClusterUri uri, TransportContext context) throws UnsupportedClusterException {
        String folder = uri.location().replaceFirst("^example://", "");
        if (!folder.startsWith("/")) {
            throw new UnsupportedClusterException("example:// needs an absolute folder, as in example:///srv/context");
        }
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class, getClass().getClassLoader())) {
            if (p.id().equals("dir")) {
                return p.open(ClusterUri.directory(folder), context);
            }
        }
        throw new UnsupportedClusterException("the built-in dir transport is not installed");
    }
}
