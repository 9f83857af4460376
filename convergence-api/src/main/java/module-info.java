/**
 * The public contract of Convergence: the model records, the sealed exception family and the
 * service-provider interfaces that transports, secret scanners and rewrite tiers implement.
 * Depends on the JDK only.
 */
module dev.convergence.api {
    exports dev.convergence.api;
    exports dev.convergence.api.transport;
    exports dev.convergence.api.scan;
    exports dev.convergence.api.rewrite;
}
