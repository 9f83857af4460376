/**
 * The engine of Convergence: path rewriting, canonical store, merge, the sync pipeline, local
 * state, and the registry that discovers transports, scanners and rewrite tiers.
 */
module dev.convergence.core {
    requires transitive dev.convergence.api;
    requires com.fasterxml.jackson.core;

    exports dev.convergence.core;
    exports dev.convergence.core.scan;

    uses dev.convergence.api.transport.TransportProvider;
    uses dev.convergence.api.scan.SecretScanner;
    uses dev.convergence.api.rewrite.RewriteTier;
}
