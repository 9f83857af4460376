package dev.convergence.transport.git;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.util.FS;

/**
 * The git transport: a cluster is one git repository (local path, {@code file://},
 * {@code git://}, {@code ssh://} or scp-like {@code user@host:path}, {@code http(s)://}), a
 * project an orphan branch {@code project/<id>}. Stateless and thread-safe; opening is cheap
 * and does not touch the network.
 */
public final class GitTransportProvider implements TransportProvider {

    /** JGit reads its SHA-1 choice only from this system property (or the user's global git config). */
    static final String SHA1_PROPERTY = "org.eclipse.jgit.util.sha1.implementation";

    /** JGit's process-wide settings, made on first open (not on discovery: a peek loads no JGit). */
    static final class JGitDefaults {
        static {
            // Without this JGit measures file-timestamp resolution on first use and stalls for seconds.
            FS.FileStoreAttributes.setBackground(true);
            // JGit's default SHA-1 is pure Java with collision detection, three to five times slower than
            // the JDK's (hardware-accelerated) one; hashing is most of the cost of publishing hundreds of
            // megabytes. Clusters hold the user's own data, so the JDK's is used unless someone chose.
            if (System.getProperty(SHA1_PROPERTY) == null) {
                System.setProperty(SHA1_PROPERTY, "jdkNative");
            }
        }

        private JGitDefaults() {
        }

        static void apply() {
            // the static initializer above runs once
        }
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
        JGitDefaults.apply();
        return new GitTransport(uri, ClusterLocation.of(uri), context);
    }

    /** A cluster on this machine: the branch's ref read from the repository's files, the way git resolves it. */
    @Override
    public Optional<SnapshotToken> peekToken(ClusterUri uri, ProjectId project, TransportContext context) {
        return uri.scheme().equals("file") ? LocalRefs.peek(uri.location(), GitTransport.PROJECT_PREFIX + project.value()) : Optional.empty();
    }
}
