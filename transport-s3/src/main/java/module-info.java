/**
 * Convergence transport {@code s3}: a cluster under an S3 prefix, with content-addressed
 * objects, one manifest per generation and a HEAD moved by conditional writes.
 */
module dev.convergence.transport.s3 {
    requires dev.convergence.api;
    requires com.fasterxml.jackson.core;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http.urlconnection;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.retries.api;
    requires software.amazon.awssdk.retries;
    provides dev.convergence.api.transport.TransportProvider with dev.convergence.transport.s3.S3TransportProvider;
}
