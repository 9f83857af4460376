package dev.convergence.core.rewrite;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.api.rewrite.RewriteTier;
import java.util.Optional;

/** Built-in tier: the project's context directory, `<projects dir>/<encoded>` → {@code {{CC_PROJECT_CONTEXT_DIR}}}. Stateless. */
public final class ContextDirTier implements RewriteTier {

    @Override
    public String id() {
        return "context-dir";
    }

    @Override
    public String sentinelName() {
        return "CC_PROJECT_CONTEXT_DIR";
    }

    @Override
    public Optional<String> anchor(MachineLayout layout, RewritePolicy policy) {
        return Optional.of(layout.contextDir());
    }
}
