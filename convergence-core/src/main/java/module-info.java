/**
 * The engine of Convergence: path rewriting, canonical store, merge, the sync pipeline, local
 * state, and the registry that discovers transports, scanners and rewrite tiers.
 */
module dev.convergence.core {
    requires transitive dev.convergence.api;
    requires com.fasterxml.jackson.core;
    requires org.bouncycastle.provider;

    exports dev.convergence.core;
    exports dev.convergence.core.json;
    exports dev.convergence.core.state;
    exports dev.convergence.core.roster;
    exports dev.convergence.core.rewrite;
    exports dev.convergence.core.sync;
    exports dev.convergence.core.project;
    exports dev.convergence.core.doctor;
    exports dev.convergence.core.scan;
    exports dev.convergence.core.hook;
    exports dev.convergence.core.crypto;

    uses dev.convergence.api.transport.TransportProvider;
    uses dev.convergence.api.scan.SecretScanner;
    uses dev.convergence.api.rewrite.RewriteTier;

    provides dev.convergence.api.rewrite.RewriteTier with
            dev.convergence.core.rewrite.ContextDirTier,
            dev.convergence.core.rewrite.ProjectRootTier,
            dev.convergence.core.rewrite.EncodedDirTier,
            dev.convergence.core.rewrite.HomeTier;
}
