package dev.convergence.transport.git;

import dev.convergence.api.AuthenticationException;
import dev.convergence.api.ConvergenceException;
import dev.convergence.api.TransportException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;

/** Turns what JGit throws into the one-line exceptions of Convergence. */
final class GitFailures {

    /** Lower-case fragments of refusals; "pack not permitted" is JGit's HTTP 403 on git-upload-pack/git-receive-pack. */
    private static final String[] AUTH_SIGNS = {
        "auth fail", "authentication", "not authorized", "cannot log in", "permission denied",
        "no more authentication methods", "publickey", "pack not permitted"
    };
    private static final Pattern HTTP_REFUSED = Pattern.compile("\\b40[13]\\b");

    private final ClusterLocation location;
    private final RemoteConnector connector;

    /** Failures of {@code location}, reached through {@code connector} (its CA bundle and the login it offered). */
    GitFailures(ClusterLocation location, RemoteConnector connector) {
        this.location = location;
        this.connector = connector;
    }

    /** A failure while talking to the cluster repository. */
    ConvergenceException remote(Exception e) {
        if (e instanceof ConvergenceException ce) {
            return ce;
        }
        Optional<Throwable> certificate = certificateProblem(e);
        if (certificate.isPresent()) {
            return untrusted(certificate.get(), e);
        }
        String reason = reason(e);
        if (looksLikeAuthentication(e)) {
            return refused(reason, e);
        }
        if (e instanceof NoRemoteRepositoryException) {
            return new TransportException("no git repository at " + location + ": " + reason,
                    "check the cluster address; for a new cluster create an empty private repository there first", e);
        }
        if (e instanceof NotSupportedException) {
            return new TransportException("cannot use " + location + ": " + reason,
                    "use a local path, file://, git://, ssh://, user@host:path or https:// address", e);
        }
        return new TransportException("cannot reach cluster " + location + ": " + reason,
                "check the address, your network and that the repository exists", e);
    }

    /** A failure of the local clone under the cache directory. */
    TransportException local(String what, Exception e) {
        return new TransportException(what + ": " + reason(e),
                "the local clone may be damaged; delete it from the clones directory and retry", e);
    }

    private TransportException untrusted(Throwable problem, Exception e) {
        String why = innermostMessage(problem);
        String hint = connector.caBundle()
                .map(b -> "check that " + b.file() + " (" + b.source() + ") holds the CA that signed the server's certificate")
                .orElse("if the server's certificate comes from a private or corporate CA, set " + CaBundle.ENV
                        + " or git config --global http.sslCAInfo to that CA's PEM file (docs/transports.md)");
        return new TransportException("the server of cluster " + location
                + " presented a certificate this machine does not trust: " + why, hint, e);
    }

    /** The TLS handshake failure in the cause chain that is about the server's certificate. */
    private static Optional<Throwable> certificateProblem(Throwable e) {
        boolean handshake = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            handshake |= t instanceof SSLHandshakeException;
            if (handshake && (t instanceof CertificateException || t instanceof CertPathBuilderException
                    || t instanceof CertPathValidatorException)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private static String innermostMessage(Throwable e) {
        String message = e.getClass().getSimpleName();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message.replaceAll("\\s+", " ").strip();
    }

    private AuthenticationException refused(String reason, Exception e) {
        if (!location.isHttp()) {
            return new AuthenticationException("the cluster " + location + " refused our credentials: " + reason,
                    "check that your key in ~/.ssh is authorized on the server and the host is in ~/.ssh/known_hosts", e);
        }
        String sources = "set CONVERGENCE_GIT_USERNAME and CONVERGENCE_GIT_PASSWORD (or CONVERGENCE_GIT_TOKEN), "
                + "or add the host to ~/.git-credentials or ~/.netrc";
        return connector.offeredLogin()
                .map(from -> new AuthenticationException("the cluster " + location + " refused our credentials (from "
                        + from + "): " + reason, "check the user name and password or token in " + from
                        + ", and that this user may read and push the repository", e))
                .orElseGet(() -> new AuthenticationException("the cluster " + location
                        + " asks for credentials and none were found: " + reason, sources, e));
    }

    private static boolean looksLikeAuthentication(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m == null) {
                continue;
            }
            String lower = m.toLowerCase(Locale.ROOT);
            if (HTTP_REFUSED.matcher(lower).find()) {
                return true;
            }
            for (String sign : AUTH_SIGNS) {
                if (lower.contains(sign)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The most specific message in the cause chain, on one line, without the URL JGit prefixes. */
    static String reason(Throwable e) {
        String best = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                best = t.getMessage();
                if (t == e) {
                    continue;
                }
                break;
            }
        }
        if (best == null) {
            return e.getClass().getSimpleName();
        }
        String one = best.replaceAll("\\s+", " ").strip();
        int colon = one.indexOf(": ");
        if (colon > 0 && one.substring(0, colon).matches("\\S*(://|@|/)\\S*")) {
            one = one.substring(colon + 2);
        }
        return one;
    }
}
