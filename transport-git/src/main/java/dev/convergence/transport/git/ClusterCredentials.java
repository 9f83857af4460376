package dev.convergence.transport.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * User name and password (or token) for HTTPS clusters, looked up without ever asking: the
 * environment ({@code CONVERGENCE_GIT_USERNAME} with {@code CONVERGENCE_GIT_PASSWORD} or
 * {@code CONVERGENCE_GIT_TOKEN}), then {@code ~/.git-credentials}, then {@code ~/.netrc}.
 * Nothing is cached or logged. Every other question (key passphrases, unknown host keys, "trust
 * this certificate?") is answered "no", so a connection never waits for a prompt. Once the server
 * has refused a login ({@link #reset}), no other is offered: JGit would otherwise send the same
 * one again.
 */
final class ClusterCredentials extends CredentialsProvider {

    /** A user name and a secret, and where they were found (for messages; never the secret itself). */
    record Login(String user, char[] password, String source) {
    }

    private final Map<String, String> environment;
    private final Path home;
    private volatile String offered;
    private volatile boolean refused;

    ClusterCredentials(Map<String, String> environment, Path home) {
        this.environment = environment;
        this.home = home;
    }

    @Override
    public boolean isInteractive() {
        return false;
    }

    @Override
    public boolean supports(CredentialItem... items) {
        for (CredentialItem item : items) {
            if (!(item instanceof CredentialItem.Username) && !(item instanceof CredentialItem.Password)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
        if (!supports(items) || !isHttp(uri) || refused) {
            return false;
        }
        Optional<Login> login = lookup(uri);
        if (login.isEmpty()) {
            return false;
        }
        offered = login.get().source();
        for (CredentialItem item : items) {
            if (item instanceof CredentialItem.Username u) {
                u.setValue(login.get().user());
            } else if (item instanceof CredentialItem.Password p) {
                p.setValue(login.get().password().clone());
            }
        }
        return true;
    }

    /** JGit calls this when the server refused the login just offered. */
    @Override
    public void reset(URIish uri) {
        refused = true;
    }

    /** Where the last login offered to a server came from, if one was. */
    Optional<String> offeredFrom() {
        return Optional.ofNullable(offered);
    }

    /** The login for {@code uri} from the first source that has one. */
    Optional<Login> lookup(URIish uri) {
        return fromEnvironment().or(() -> fromGitCredentials(uri)).or(() -> fromNetrc(uri));
    }

    private static boolean isHttp(URIish uri) {
        return uri.getScheme() != null && uri.getScheme().startsWith("http");
    }

    private Optional<Login> fromEnvironment() {
        String user = environment.get("CONVERGENCE_GIT_USERNAME");
        String variable = environment.containsKey("CONVERGENCE_GIT_PASSWORD") ? "CONVERGENCE_GIT_PASSWORD" : "CONVERGENCE_GIT_TOKEN";
        String secret = environment.get(variable);
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Login(user == null || user.isEmpty() ? "x-access-token" : user, secret.toCharArray(), variable));
    }

    /** Lines like {@code https://user:secret@host[:port][/path]}, as {@code git credential-store} writes them. */
    private Optional<Login> fromGitCredentials(URIish uri) {
        for (String line : lines(home.resolve(".git-credentials"))) {
            try {
                URIish stored = new URIish(line.strip());
                if (stored.getUser() != null && stored.getPass() != null
                        && uri.getScheme().equals(stored.getScheme())
                        && uri.getHost() != null && uri.getHost().equalsIgnoreCase(stored.getHost())
                        && (stored.getPort() < 0 || stored.getPort() == uri.getPort())) {
                    return Optional.of(new Login(stored.getUser(), stored.getPass().toCharArray(), "~/.git-credentials"));
                }
            } catch (java.net.URISyntaxException skip) {
                // not a credential line
            }
        }
        return Optional.empty();
    }

    /** {@code machine HOST login USER password SECRET} tokens, in any layout; {@code default} matches any host. */
    private Optional<Login> fromNetrc(URIish uri) {
        List<String> tokens = lines(home.resolve(".netrc")).stream()
                .flatMap(l -> java.util.Arrays.stream(l.strip().split("\\s+")))
                .filter(t -> !t.isEmpty())
                .toList();
        String machine = null;
        String user = null;
        String password = null;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1) : "";
            switch (t) {
                case "machine", "default" -> {
                    if (matches(machine, uri) && password != null) {
                        return Optional.of(new Login(user == null ? "" : user, password.toCharArray(), "~/.netrc"));
                    }
                    machine = t.equals("default") ? "" : next;
                    user = null;
                    password = null;
                }
                case "login" -> user = next;
                case "password" -> password = next;
                default -> { }
            }
        }
        return matches(machine, uri) && password != null
                ? Optional.of(new Login(user == null ? "" : user, password.toCharArray(), "~/.netrc"))
                : Optional.empty();
    }

    private static boolean matches(String machine, URIish uri) {
        return machine != null && (machine.isEmpty() || machine.equalsIgnoreCase(uri.getHost()));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        } catch (IOException | java.io.UncheckedIOException unreadable) {
            return List.of();
        }
    }
}
