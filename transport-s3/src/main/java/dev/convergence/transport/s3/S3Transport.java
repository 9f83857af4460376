package dev.convergence.transport.s3;

import dev.convergence.api.transport.ContentHash;
import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotEntry;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A cluster under an S3 prefix (layout in {@link S3Location}). Reading costs one GET of the
 * project's {@code HEAD}, which holds the whole current manifest. Publishing uploads the objects
 * the cluster lacks, then claims the next generation by creating its manifest with
 * {@code If-None-Match: *} (two writers cannot both create it), then moves {@code HEAD} with
 * {@code If-Match: <etag read>}. A writer that finds the next manifest already claimed by a
 * successor of the same parent completes that successor's {@code HEAD} move (it may have
 * crashed) before reporting stale, so a crash between the two writes never wedges a project.
 */
final class S3Transport implements Transport {

    private static final String JSON = "application/json";

    private final ClusterUri uri;
    private final S3Client s3;
    /** Sends the conditional PUTs, never retried blindly: their outcome is settled by reading back. */
    private final S3Client conditional;
    private final S3Location location;
    private final S3Failures failures;
    private final ManifestCodec codec = new ManifestCodec();
    /** The manifest of the last snapshot read or published, per project: the base of the next publish. */
    private final Map<ProjectId, Manifest> lastSeen = new HashMap<>();
    private boolean closed;

    /**
     * Takes ownership of both clients, which {@link #close()} closes.
     *
     * @param s3          for every request but the conditional PUTs; retries with backoff
     * @param conditional for the conditional PUTs of manifests and HEAD; one attempt each
     */
    S3Transport(ClusterUri uri, S3Client s3, S3Client conditional, S3Location location) {
        this.uri = uri;
        this.s3 = s3;
        this.conditional = conditional;
        this.location = location;
        this.failures = new S3Failures(location);
    }

    @Override
    public ClusterUri uri() {
        return uri;
    }

    @Override
    public void ensureCluster(boolean create) {
        try {
            if (exists(location.marker())) {
                return;
            }
            var listing = s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(location.listPrefix()).maxKeys(1));
            if (!listing.contents().isEmpty()) {
                throw new TransportException(location + " is not a Convergence cluster (it holds other objects and no "
                        + S3Location.MARKER + ")", "choose an empty prefix for the cluster");
            }
            if (!create) {
                throw new TransportException("no Convergence cluster at " + location, "create one with 'convergence init --s3 " + location + "'");
            }
            s3.putObject(b -> b.bucket(location.bucket()).key(location.marker()).contentType("text/markdown"),
                    RequestBody.fromString(ClusterMarkerText.TEXT, StandardCharsets.UTF_8));
        } catch (SdkException e) {
            throw failures.translate("check the cluster marker", e);
        }
    }

    @Override
    public List<ProjectId> listProjects() {
        try {
            List<ProjectId> projects = new ArrayList<>();
            var pages = s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(location.listPrefix()).delimiter("/"));
            for (CommonPrefix common : pages.commonPrefixes()) {
                String name = common.prefix().substring(location.listPrefix().length()).replaceAll("/$", "");
                if (!ProjectId.isValid(name)) {
                    continue;
                }
                ProjectId id = ProjectId.of(name);
                // "objects/" holds the shared contents; it is a project only if it has a HEAD too
                if (!name.equals("objects") || exists(location.head(id))) {
                    projects.add(id);
                }
            }
            projects.sort(null);
            return projects;
        } catch (SdkException e) {
            throw failures.translate("list the projects", e);
        }
    }

    @Override
    public Snapshot read(ProjectId project) {
        try {
            ResponseBytes<GetObjectResponse> head = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(location.head(project)));
            Manifest manifest = parse(head, location.head(project));
            lastSeen.put(project, manifest);
            return new Snapshot(project, S3Token.of(manifest, head.response().eTag()).token(), manifest.entries());
        } catch (NoSuchKeyException e) {
            lastSeen.remove(project);
            return Snapshot.absent(project);
        } catch (SdkException e) {
            throw failures.translate("read project " + project, e);
        }
    }

    @Override
    public InputStream open(Snapshot snapshot, SnapshotEntry entry) {
        if (!ContentHash.isSha256(entry.contentId())) {
            throw new TransportException("entry " + entry.path() + " of " + snapshot.project() + " names no object", "the manifest is damaged");
        }
        try {
            var in = s3.getObject(b -> b.bucket(location.bucket()).key(location.object(entry.contentId())));
            return new ExactLengthInputStream(in, in.response().contentLength(), location.object(entry.contentId()));
        } catch (NoSuchKeyException e) {
            throw new TransportException("the cluster has no object for " + snapshot.project() + "/" + entry.path(),
                    "the cluster is damaged: an object was deleted by hand or by a lifecycle rule", e);
        } catch (SdkException e) {
            throw failures.translate("download " + snapshot.project() + "/" + entry.path(), e);
        }
    }

    @Override
    public SnapshotToken publish(ProjectId project, SnapshotToken expected, Changeset changes) {
        try {
            Optional<S3Token> base = S3Token.parse(expected);
            if (!expected.isAbsent() && base.isEmpty()) {
                throw stale(project, "the token " + expected + " was not issued by this transport");
            }
            if (changes.isEmpty()) {
                return confirmCurrent(project, expected, base);
            }
            Manifest parent = base.isPresent() ? baseManifest(project, base.get()) : null;
            Map<String, SnapshotEntry> entries = parent == null ? new TreeMap<>() : new TreeMap<>(parent.entries());
            changes.deletes().forEach(entries::remove);
            Set<String> known = new HashSet<>();
            entries.values().forEach(e -> known.add(e.contentId()));
            for (var put : changes.puts().entrySet()) {
                String sha = ContentHash.of(put.getValue());
                if (known.add(sha)) {
                    uploadIfMissing(sha, put.getValue());
                }
                entries.put(put.getKey(), SnapshotEntry.regular(put.getKey(), put.getValue().size(), sha));
            }
            long next = base.map(S3Token::generation).orElse(0L) + 1;
            Manifest manifest = new Manifest(next, randomId(), base.map(S3Token::manifestName).orElse(""), Instant.now(), entries);
            byte[] bytes = codec.write(manifest);
            claimGeneration(project, manifest, bytes, base);
            String etag = moveHead(project, manifest, bytes, base);
            lastSeen.put(project, manifest);
            return S3Token.of(manifest, etag).token();
        } catch (IOException e) {
            throw new TransportException("cannot read the content to publish to " + location + ": " + e.getMessage(), "", e);
        } catch (SdkException e) {
            throw failures.translate("publish project " + project, e);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            s3.close();
            conditional.close();
        }
    }

    private SnapshotToken confirmCurrent(ProjectId project, SnapshotToken expected, Optional<S3Token> base) {
        try {
            var head = s3.headObject(b -> b.bucket(location.bucket()).key(location.head(project)));
            if (base.isPresent() && S3Token.unquote(head.eTag()).equals(base.get().etag())) {
                return expected;
            }
        } catch (NoSuchKeyException e) {
            if (expected.isAbsent()) {
                return expected;
            }
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            if (expected.isAbsent()) {
                return expected;
            }
        }
        throw stale(project, "it moved on from " + expected);
    }

    private Manifest baseManifest(ProjectId project, S3Token base) {
        Manifest cached = lastSeen.get(project);
        if (cached != null && cached.generation() == base.generation() && cached.id().equals(base.id())) {
            return cached;
        }
        String key = location.manifest(project, base.generation());
        try {
            Manifest manifest = parse(s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key)), key);
            if (!manifest.id().equals(base.id())) {
                throw stale(project, "generation " + base.generation() + " is not the one read");
            }
            return manifest;
        } catch (NoSuchKeyException e) {
            throw stale(project, "generation " + base.generation() + " no longer exists");
        }
    }

    private void uploadIfMissing(String sha, Content content) {
        String key = location.object(sha);
        if (exists(key)) {
            return;
        }
        s3.putObject(b -> b.bucket(location.bucket()).key(key).contentType("application/octet-stream"),
                RequestBody.fromContentProvider(() -> {
                    try {
                        return content.open();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, content.size(), "application/octet-stream"));
    }

    /**
     * Creates {@code manifests/<n>.json} only if no writer has; when another has, helps it and
     * reports stale. An ambiguous outcome (the connection failed, or a retry of our own successful
     * PUT was refused) is settled by reading the manifest back.
     */
    private void claimGeneration(ProjectId project, Manifest manifest, byte[] bytes, Optional<S3Token> base) {
        String key = location.manifest(project, manifest.generation());
        try {
            conditional.putObject(b -> b.bucket(location.bucket()).key(key).contentType(JSON).ifNoneMatch("*"), RequestBody.fromBytes(bytes));
            return;
        } catch (S3Exception e) {
            if (e.statusCode() != 412) {
                throw e;
            }
        } catch (SdkClientException e) {
            if (stored(key).isEmpty()) {
                throw e;
            }
        }
        Optional<ResponseBytes<GetObjectResponse>> existing = stored(key);
        if (existing.isPresent() && parse(existing.get(), key).id().equals(manifest.id())) {
            return; // ours after all
        }
        existing.ifPresent(theirs -> completeCompetitor(project, theirs, key, base));
        throw stale(project, "another writer published generation " + manifest.generation() + " first");
    }

    /**
     * The generation we wanted exists: if HEAD still points at its parent, its writer has not moved
     * HEAD yet (or crashed before it could). Moving HEAD for it, with the same If-Match, is what it
     * would have done; whoever gets there second is refused, which is harmless.
     */
    private void completeCompetitor(ProjectId project, ResponseBytes<GetObjectResponse> theirs, String key, Optional<S3Token> base) {
        try {
            Manifest competitor = parse(theirs, key);
            if (competitor.parent().equals(base.map(S3Token::manifestName).orElse(""))) {
                putHead(project, theirs.asByteArray(), base);
            }
        } catch (SdkException | TransportException e) {
            // Either it already moved HEAD, or we could not help: the caller reports stale anyway.
        }
    }

    /** Moves HEAD to our manifest; settles an ambiguous outcome by reading HEAD back. */
    private String moveHead(ProjectId project, Manifest manifest, byte[] bytes, Optional<S3Token> base) {
        try {
            return putHead(project, bytes, base);
        } catch (S3Exception e) {
            if (e.statusCode() != 412 && e.statusCode() != 404) {
                throw e;
            }
            return headEtagIfItHolds(project, manifest).orElseThrow(() -> stale(project, "HEAD moved while publishing"));
        } catch (SdkClientException e) {
            return headEtagIfItHolds(project, manifest).orElseThrow(() -> e);
        }
    }

    /** Replaces HEAD only if it still has the ETag that was read (or creates it only if absent). */
    private String putHead(ProjectId project, byte[] bytes, Optional<S3Token> base) {
        return conditional.putObject(b -> {
            b.bucket(location.bucket()).key(location.head(project)).contentType(JSON);
            base.ifPresentOrElse(t -> b.ifMatch(t.quotedEtag()), () -> b.ifNoneMatch("*"));
        }, RequestBody.fromBytes(bytes)).eTag();
    }

    private Optional<String> headEtagIfItHolds(ProjectId project, Manifest manifest) {
        String key = location.head(project);
        return stored(key).filter(head -> parse(head, key).id().equals(manifest.id())).map(head -> head.response().eTag());
    }

    private Optional<ResponseBytes<GetObjectResponse>> stored(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    private Manifest parse(ResponseBytes<GetObjectResponse> response, String key) {
        byte[] bytes = response.asByteArray();
        Long declared = response.response().contentLength();
        if (declared != null && declared != bytes.length) {
            throw new TransportException("S3 sent " + bytes.length + " of " + declared + " bytes of " + key, "try again");
        }
        try {
            return codec.read(bytes);
        } catch (IllegalArgumentException e) {
            throw new TransportException("s3://" + location.bucket() + "/" + key + " is not a valid manifest: " + e.getMessage(),
                    "the cluster is damaged or was written by a newer client", e);
        }
    }

    private boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(location.bucket()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !"NoSuchBucket".equals(e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode())) {
                return false;
            }
            throw e;
        }
    }

    private StaleSnapshotException stale(ProjectId project, String why) {
        return new StaleSnapshotException("project " + project + " in " + location + " is stale: " + why, "read the project again and merge");
    }

    private static String randomId() {
        byte[] bytes = new byte[8];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
