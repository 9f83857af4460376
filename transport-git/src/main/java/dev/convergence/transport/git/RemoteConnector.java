package dev.convergence.transport.git;

import dev.convergence.api.transport.TransportContext;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Opens JGit connections to the cluster repository, configured per transport instead of through
 * JGit's global defaults: our own SSH session factory (home and {@code ~/.ssh} from the
 * context) and our own credentials. Not thread-safe; closed with its {@code GitTransport}.
 */
final class RemoteConnector implements AutoCloseable {

    /** Seconds without progress before a network operation gives up. */
    private static final int TIMEOUT_SECONDS = 120;

    private final ClusterLocation location;
    private final TransportContext context;
    private final ClusterCredentials credentials;
    private SshdSessionFactory ssh;

    RemoteConnector(ClusterLocation location, TransportContext context) {
        this.location = location;
        this.context = context;
        this.credentials = new ClusterCredentials(context.environment(), context.home());
    }

    /** A JGit transport to the cluster; with a {@code local} repository it can fetch into it and push from it. */
    Transport open(Repository local) throws NotSupportedException, TransportException {
        Transport tn = local == null ? Transport.open(location.uri()) : Transport.open(local, location.uri());
        tn.setCredentialsProvider(credentials);
        tn.setTimeout(TIMEOUT_SECONDS);
        if (tn instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(sshSessions());
        }
        return tn;
    }

    /** The refs the cluster advertises under {@code prefix} (a v2 server sends only those). */
    Map<String, Ref> advertisedRefs(String prefix) throws NotSupportedException, TransportException {
        try (Transport tn = open(null);
             FetchConnection c = tn.openFetch(List.<RefSpec>of(), prefix)) {
            return c.getRefsMap();
        }
    }

    /** Every ref the cluster advertises. */
    Collection<Ref> allAdvertisedRefs() throws NotSupportedException, TransportException {
        try (Transport tn = open(null);
             FetchConnection c = tn.openFetch()) {
            return c.getRefs();
        }
    }

    private SshdSessionFactory sshSessions() {
        if (ssh == null) {
            ssh = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(context.home().toFile())
                    .setSshDirectory(context.home().resolve(".ssh").toFile())
                    .build(new JGitKeyCache());
        }
        return ssh;
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
            ssh = null;
        }
    }
}
