package dev.convergence.transport.s3;

import dev.convergence.api.ConfigException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How to reach the bucket, from {@code TransportContext.options()} and the environment:
 *
 * @param endpoint    {@code s3.endpoint}, else {@code AWS_ENDPOINT_URL_S3}/{@code AWS_ENDPOINT_URL};
 *                    set for S3-compatible stores (MinIO, R2, Ceph), which then get path-style access
 * @param region      {@code s3.region}, else {@code AWS_REGION}/{@code AWS_DEFAULT_REGION}, else the SDK's chain
 * @param profile     {@code s3.profile}, else {@code AWS_PROFILE}, else the SDK's default chain
 * @param timeout     {@code s3.timeout-seconds} (default 30): connect and socket read timeout of one attempt
 * @param maxAttempts {@code s3.max-attempts} (default 5): attempts per request, with exponential
 *                    backoff and jitter, on throttling (503 SlowDown), 5xx and I/O errors
 */
record S3Settings(Optional<URI> endpoint, Optional<String> region, Optional<String> profile, Duration timeout, int maxAttempts) {

    static S3Settings from(Map<String, String> options, Map<String, String> environment) {
        Optional<String> endpoint = first(options.get("s3.endpoint"), environment.get("AWS_ENDPOINT_URL_S3"), environment.get("AWS_ENDPOINT_URL"));
        return new S3Settings(
                endpoint.map(S3Settings::uri),
                first(options.get("s3.region"), environment.get("AWS_REGION"), environment.get("AWS_DEFAULT_REGION")),
                first(options.get("s3.profile"), environment.get("AWS_PROFILE")),
                Duration.ofSeconds(number(options, "s3.timeout-seconds", 30)),
                (int) number(options, "s3.max-attempts", 5));
    }

    /** The same settings with another number of attempts per request. */
    S3Settings withMaxAttempts(int attempts) {
        return new S3Settings(endpoint, region, profile, timeout, attempts);
    }

    private static Optional<String> first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return Optional.of(v.strip());
            }
        }
        return Optional.empty();
    }

    private static URI uri(String text) {
        try {
            URI uri = URI.create(text);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("s3 endpoint '" + text + "' is not a URL", "give e.g. s3.endpoint=https://minio.example:9000");
        }
    }

    private static long number(Map<String, String> options, String key, long fallback) {
        String text = options.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException("option " + key + "='" + text + "' is not a positive whole number", "fix or remove " + key);
        }
    }
}
