package dev.convergence.transport.git;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.SshdSession;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;

/**
 * Keeps one SSH session per server open for the life of a transport, so that listing, fetching
 * and pushing share one handshake instead of paying for a new one each (git runs each of them
 * as a command on its own channel). A session the server closes is forgotten and replaced on
 * next use. Everything is disconnected on {@link #close()}.
 */
final class ReusedSshSessions extends SshSessionFactory implements AutoCloseable {

    private final SshdSessionFactory connections;
    private final Map<String, RemoteSession> open = new HashMap<>();

    ReusedSshSessions(SshdSessionFactory connections) {
        this.connections = connections;
    }

    @Override
    public synchronized RemoteSession getSession(URIish uri, CredentialsProvider credentials,
                                                 org.eclipse.jgit.util.FS fs, int timeoutMillis)
            throws TransportException {
        String key = uri.getUser() + "@" + uri.getHost() + ":" + uri.getPort();
        RemoteSession session = open.get(key);
        if (session == null) {
            session = connections.getSession(uri, credentials, fs, timeoutMillis);
            if (session instanceof SshdSession sshd) {
                sshd.addCloseListener(closed -> forget(key, closed));
            }
            open.put(key, session);
        }
        return session;
    }

    private synchronized void forget(String key, RemoteSession closed) {
        open.remove(key, closed);
    }

    /** Sessions stay open for reuse; {@link #close()} ends them. */
    @Override
    public void releaseSession(RemoteSession session) {
        // kept for the next connection to the same server
    }

    @Override
    public String getType() {
        return connections.getType();
    }

    @Override
    public void close() {
        List<RemoteSession> sessions;
        synchronized (this) {
            sessions = List.copyOf(open.values());
            open.clear();
        }
        sessions.forEach(RemoteSession::disconnect);
        connections.close();
    }
}
