package dev.convergence.transport.s3;

import dev.convergence.api.transport.SnapshotToken;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a snapshot token of this transport holds: the generation's name and the ETag of the HEAD
 * object that pointed at it, as {@code <generation>-<id>:<etag>}. The ETag is what the
 * conditional PUT of the next HEAD must match.
 */
record S3Token(long generation, String id, String etag) {

    private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,17})-([0-9a-f]+):(.+)");

    static S3Token of(Manifest manifest, String etag) {
        return new S3Token(manifest.generation(), manifest.id(), unquote(etag));
    }

    /** Empty for the absent token or a token that this transport did not issue. */
    static Optional<S3Token> parse(SnapshotToken token) {
        var m = FORM.matcher(token.value());
        return m.matches() ? Optional.of(new S3Token(Long.parseLong(m.group(1)), m.group(2), m.group(3))) : Optional.empty();
    }

    SnapshotToken token() {
        return new SnapshotToken(generation + "-" + id + ":" + etag);
    }

    /** The name successors record as their parent. */
    String manifestName() {
        return generation + "-" + id;
    }

    /** The ETag as S3 wants it in {@code If-Match}. */
    String quotedEtag() {
        return "\"" + etag + "\"";
    }

    static String unquote(String etag) {
        String e = etag == null ? "" : etag;
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }
}
