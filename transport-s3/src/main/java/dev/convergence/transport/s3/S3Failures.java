package dev.convergence.transport.s3;

import dev.convergence.api.AuthenticationException;
import dev.convergence.api.ConvergenceException;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK exceptions into the one exception family, with one line a user can act on. */
final class S3Failures {

    private final S3Location location;

    S3Failures(S3Location location) {
        this.location = location;
    }

    ConvergenceException translate(String action, SdkException e) {
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? "" : service.awsErrorDetails().errorCode();
            if (status == 403 || status == 401) {
                return new AuthenticationException("S3 refused access to " + location + " (" + status + " " + code + ")",
                        "check the credentials (AWS_PROFILE or s3.profile, AWS_ACCESS_KEY_ID) and that they may read and write the bucket", e);
            }
            if (status == 412) {
                return new StaleSnapshotException(location + ": " + action + " lost a race with another writer",
                        "read the project again and merge", e);
            }
            if ("NoSuchBucket".equals(code)) {
                return new TransportException("bucket " + location.bucket() + " does not exist",
                        "create the bucket first (Convergence never creates buckets), or fix the s3:// URI", e);
            }
            return new TransportException("S3 answered " + status + " " + code + " to " + action + " in " + location,
                    "try again later; if it persists check the bucket and the endpoint", e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        if (message.contains("Unable to load credentials")) {
            return new AuthenticationException("no AWS credentials found for " + location,
                    "set AWS_PROFILE or s3.profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY", e);
        }
        return new TransportException("cannot " + action + " in " + location + ": " + message,
                "check the network and the endpoint; the request was retried with backoff", e);
    }
}
