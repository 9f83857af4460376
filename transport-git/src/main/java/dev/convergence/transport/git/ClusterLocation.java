package dev.convergence.transport.git;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.transport.URIish;

/**
 * Where the cluster repository lives, as JGit addresses it.
 *
 * @param uri       the address handed to JGit
 * @param localPath the repository directory when the cluster is on this machine (path or {@code file://})
 * @param display   the text the user gave, for messages
 */
record ClusterLocation(URIish uri, Optional<Path> localPath, String display) {

    static final Set<String> SCHEMES = Set.of("file", "git", "ssh", "http", "https");

    /** Interprets a cluster URI: a local path, {@code file://}, {@code git://}, {@code ssh://}, scp-like, {@code http(s)://}. */
    static ClusterLocation of(ClusterUri cluster) throws UnsupportedClusterException {
        if (!SCHEMES.contains(cluster.scheme())) {
            throw new UnsupportedClusterException("the git transport serves " + SCHEMES.stream().sorted().toList()
                    + ", not '" + cluster.scheme() + "'");
        }
        String text = cluster.location();
        return cluster.scheme().equals("file") ? local(text) : remote(text);
    }

    private static ClusterLocation local(String text) throws UnsupportedClusterException {
        Path path;
        try {
            path = text.startsWith("file:") ? Path.of(URI.create(text)) : Path.of(text);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new UnsupportedClusterException("'" + text + "' is not a usable local path: " + e.getMessage());
        }
        Path absolute = path.toAbsolutePath().normalize();
        return new ClusterLocation(new URIish().setPath(absolute.toString()), Optional.of(absolute), text);
    }

    private static ClusterLocation remote(String text) throws UnsupportedClusterException {
        try {
            return new ClusterLocation(new URIish(text), Optional.empty(), text);
        } catch (URISyntaxException e) {
            throw new UnsupportedClusterException("'" + text + "' is not a git URL: " + e.getMessage());
        }
    }

    boolean isLocal() {
        return localPath.isPresent();
    }

    /** Whether JGit reaches this cluster over HTTP(S). */
    boolean isHttp() {
        String scheme = uri.getScheme();
        return scheme != null && (scheme.equals("http") || scheme.equals("https"));
    }

    @Override
    public String toString() {
        return display;
    }
}
