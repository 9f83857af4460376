package dev.convergence.core.rewrite;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.api.rewrite.RewriteTier;
import java.util.Optional;

/** Built-in tier: the project root → {@code {{CC_PROJECT_ROOT}}}. Stateless. */
public final class ProjectRootTier implements RewriteTier {

    @Override
    public String id() {
        return "project-root";
    }

    @Override
    public String sentinelName() {
        return "CC_PROJECT_ROOT";
    }

    @Override
    public Optional<String> anchor(MachineLayout layout, RewritePolicy policy) {
        return Optional.of(layout.projectRoot());
    }
}
