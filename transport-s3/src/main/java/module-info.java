/** Convergence transport: s3. */
module dev.convergence.transport.s3 {
    requires dev.convergence.api;
    provides dev.convergence.api.transport.TransportProvider with dev.convergence.transport.s3.S3TransportProvider;
}
