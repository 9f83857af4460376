package dev.convergence.transport.s3;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.util.List;
import java.util.Set;

/**
 * Serves {@code s3://bucket/prefix} clusters on Amazon S3 or an S3-compatible store that
 * supports conditional writes ({@code If-None-Match: *} and {@code If-Match} on PUT). Options:
 * {@code s3.profile}, {@code s3.region}, {@code s3.endpoint}, {@code s3.timeout-seconds},
 * {@code s3.max-attempts} (see {@link S3Settings}).
 */
public final class S3TransportProvider implements TransportProvider {

    @Override
    public String id() {
        return "s3";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public String description() {
        return "s3: a prefix of an S3 bucket (AWS, MinIO, R2, Ceph — with conditional writes)";
    }

    @Override
    public Transport open(ClusterUri uri, TransportContext context) throws UnsupportedClusterException {
        S3Location location = S3Location.parse(uri.location())
                .orElseThrow(() -> new UnsupportedClusterException("s3 needs s3://BUCKET[/PREFIX], not '" + uri.location() + "'"));
        S3Settings settings = S3Settings.from(context.options(), context.environment());
        var factory = new S3ClientFactory();
        return new S3Transport(uri, factory.create(settings, context.environment(), List.of()),
                factory.create(settings.withMaxAttempts(1), context.environment(), List.of()), location);
    }
}
