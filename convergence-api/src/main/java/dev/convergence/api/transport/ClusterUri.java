package dev.convergence.api.transport;

import dev.convergence.api.BadInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a cluster lives, as a scheme that selects the transport and a location the transport
 * interprets. Text forms:
 * <ul>
 *   <li>{@code s3://bucket/prefix} — scheme {@code s3}</li>
 *   <li>{@code dir:<path or VFS URI>} — scheme {@code dir} (what {@code --cluster DIR} becomes)</li>
 *   <li>{@code scheme://…} — that scheme ({@code file}, {@code git}, {@code ssh}, {@code https}, a plugin's)</li>
 *   <li>{@code user@host:path} — scheme {@code ssh} (scp-like git syntax)</li>
 *   <li>anything else — a local path to a git repository, scheme {@code file}</li>
 * </ul>
 *
 * @param scheme   lower-case scheme used to select a provider
 * @param location the text the provider reads; for {@code file} a path or {@code file://} URL
 */
public record ClusterUri(String scheme, String location) {

    private static final Pattern URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://.*");
    private static final Pattern SCP = Pattern.compile("[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.*");
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:[\\\\/].*");
    /** {@code scheme://user:password@…}: group 1 up to the colon, group 2 the password, group 3 from the {@code @}. */
    private static final Pattern PASSWORD = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://[^/?#@:]*):([^/?#@]+)(@.*)");

    public ClusterUri {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(location, "location");
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (location.isBlank()) {
            throw new BadInputException("empty cluster location", "give a path, a git URL, dir:PATH or s3://BUCKET/PREFIX");
        }
    }

    /** Parses the text forms listed above. */
    public static ClusterUri parse(String text) {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty()) {
            throw new BadInputException("empty cluster location", "give a path, a git URL, dir:PATH or s3://BUCKET/PREFIX");
        }
        if (t.startsWith("dir:")) {
            return new ClusterUri("dir", t.substring(4));
        }
        var url = URL.matcher(t);
        if (url.matches()) {
            refusePassword(t);
            return new ClusterUri(url.group(1), t);
        }
        if (SCP.matcher(t).matches() && !DRIVE.matcher(t).matches()) {
            return new ClusterUri("ssh", t);
        }
        return new ClusterUri("file", t);
    }

    /**
     * A password written into the URL would be remembered in Convergence's config files and shown in
     * every message that names the cluster; the credential stores are the place for it.
     */
    private static void refusePassword(String url) {
        var m = PASSWORD.matcher(url);
        if (m.matches()) {
            throw new BadInputException("the cluster URL " + m.group(1) + ":***" + m.group(3) + " holds a password",
                    "give the URL without it and keep the password where the transport looks for credentials "
                            + "(git: ~/.git-credentials, ~/.netrc or CONVERGENCE_GIT_PASSWORD; see docs/transports.md)");
        }
    }

    /** A directory cluster ({@code --cluster DIR}). */
    public static ClusterUri directory(String dirOrVfsUri) {
        return new ClusterUri("dir", dirOrVfsUri);
    }

    /** The text form that {@link #parse} reads back to this value. */
    @Override
    public String toString() {
        return scheme.equals("dir") ? "dir:" + location : location;
    }
}
