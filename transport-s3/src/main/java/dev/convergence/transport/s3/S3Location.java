package dev.convergence.transport.s3;

import dev.convergence.api.ProjectId;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * A cluster's bucket and key prefix, parsed from {@code s3://bucket/prefix}, and the keys of
 * its layout:
 * <pre>
 * &lt;prefix&gt;/CONVERGENCE-CLUSTER.md           marker: this prefix is a cluster
 * &lt;prefix&gt;/objects/&lt;sha256&gt;                content-addressed file contents, shared by all projects
 * &lt;prefix&gt;/&lt;id&gt;/manifests/&lt;n&gt;.json          one per generation, created with If-None-Match: *
 * &lt;prefix&gt;/&lt;id&gt;/HEAD                        copy of the current manifest, replaced with If-Match: &lt;etag&gt;
 * </pre>
 *
 * @param bucket the bucket name
 * @param prefix the key prefix without leading or trailing {@code /}; empty for the bucket root
 */
record S3Location(String bucket, String prefix) {

    static final String MARKER = "CONVERGENCE-CLUSTER.md";

    /** Parses {@code s3://bucket[/prefix]}; empty when the text is not such a URI. */
    static Optional<S3Location> parse(String text) {
        try {
            URI uri = new URI(text);
            if (!"s3".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getHost().isEmpty()) {
                return Optional.empty();
            }
            String path = uri.getPath() == null ? "" : uri.getPath();
            return Optional.of(new S3Location(uri.getHost(), strip(path)));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static String strip(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /** The key for a name under the prefix. */
    String key(String name) {
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    /** The prefix to list under, ending in {@code /} unless it is the bucket root. */
    String listPrefix() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    String marker() {
        return key(MARKER);
    }

    String object(String sha256) {
        return key("objects/" + sha256);
    }

    String head(ProjectId project) {
        return key(project.value() + "/HEAD");
    }

    String manifest(ProjectId project, long generation) {
        return key(project.value() + "/manifests/" + generation + ".json");
    }

    @Override
    public String toString() {
        return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
    }
}
