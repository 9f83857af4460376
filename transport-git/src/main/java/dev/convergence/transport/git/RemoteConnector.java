package dev.convergence.transport.git;

import dev.convergence.api.transport.TransportContext;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Opens JGit connections to the cluster repository, configured per transport instead of through
 * JGit's global defaults: our own SSH session factory (home and {@code ~/.ssh} from the
 * context), our own credentials and, for HTTPS, the CA bundle the user configured (read once, on
 * first use). Not thread-safe; closed with its {@code GitTransport}.
 */
final class RemoteConnector implements AutoCloseable {

    /** Seconds without progress before a network operation gives up. */
    private static final int TIMEOUT_SECONDS = 120;

    private final ClusterLocation location;
    private final TransportContext context;
    private final ClusterCredentials credentials;
    private final Optional<CaBundle> caBundle;
    private CaBundleConnections bundleConnections;
    private ReusedSshSessions ssh;

    RemoteConnector(ClusterLocation location, TransportContext context) {
        this.location = location;
        this.context = context;
        this.credentials = new ClusterCredentials(context.environment(), context.home());
        this.caBundle = location.isHttp() ? CaBundle.configured(context.environment(), context.home()) : Optional.empty();
    }

    /** Where the login last offered to the cluster came from ({@code ~/.netrc}, …), if one was. */
    Optional<String> offeredLogin() {
        return credentials.offeredFrom();
    }

    /** The CA bundle HTTPS certificates are checked against, when the user configured one. */
    Optional<CaBundle> caBundle() {
        return caBundle;
    }

    /** A JGit transport to the cluster; with a {@code local} repository it can fetch into it and push from it. */
    Transport open(Repository local) throws NotSupportedException, TransportException {
        Transport tn = local == null ? Transport.open(location.uri()) : Transport.open(local, location.uri());
        tn.setCredentialsProvider(credentials);
        tn.setTimeout(TIMEOUT_SECONDS);
        if (tn instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(sshSessions());
        }
        if (tn instanceof TransportHttp http && caBundle.isPresent()) {
            http.setHttpConnectionFactory(bundleConnections());
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

    private CaBundleConnections bundleConnections() {
        if (bundleConnections == null) {
            bundleConnections = new CaBundleConnections(caBundle.orElseThrow().trustManagers());
        }
        return bundleConnections;
    }

    private ReusedSshSessions sshSessions() {
        if (ssh == null) {
            ssh = new ReusedSshSessions(new SshdSessionFactoryBuilder()
                    .setHomeDirectory(context.home().toFile())
                    .setSshDirectory(context.home().resolve(".ssh").toFile())
                    .build(new JGitKeyCache()));
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
