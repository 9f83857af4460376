package dev.convergence.transport.s3;

import dev.convergence.api.ConfigException;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds the SDK client: the JDK's URL-connection HTTP client (no Netty), bounded connect and
 * read timeouts, the standard retry strategy (exponential backoff with jitter on throttling, 5xx
 * and I/O errors), credentials and region from the environment the user gave or the SDK's chain.
 */
final class S3ClientFactory {

    private static final Region FALLBACK_FOR_CUSTOM_ENDPOINTS = Region.US_EAST_1;

    /**
     * @param interceptors extra SDK interceptors (tests count requests with one); usually empty
     */
    S3Client create(S3Settings settings, Map<String, String> environment, List<ExecutionInterceptor> interceptors) {
        var http = UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.timeout())
                .socketTimeout(settings.timeout());
        var builder = S3Client.builder()
                .httpClientBuilder(http)
                .credentialsProvider(credentials(settings, environment))
                .overrideConfiguration(c -> {
                    c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(settings.maxAttempts()).build());
                    interceptors.forEach(c::addExecutionInterceptor);
                });
        settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        if (settings.region().isPresent()) {
            builder.region(Region.of(settings.region().get()));
        } else if (settings.endpoint().isPresent()) {
            builder.region(FALLBACK_FOR_CUSTOM_ENDPOINTS);
        }
        try {
            return builder.build();
        } catch (SdkClientException e) {
            throw new ConfigException("cannot set up the S3 client: " + e.getMessage(),
                    "set the region with s3.region or AWS_REGION (or in ~/.aws/config)", e);
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings settings, Map<String, String> environment) {
        String key = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        if (settings.profile().isEmpty() && key != null && secret != null) {
            String session = environment.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(session == null
                    ? AwsBasicCredentials.create(key, secret) : AwsSessionCredentials.create(key, secret, session));
        }
        if (settings.profile().isPresent()) {
            return ProfileCredentialsProvider.create(settings.profile().get());
        }
        return DefaultCredentialsProvider.create();
    }
}
