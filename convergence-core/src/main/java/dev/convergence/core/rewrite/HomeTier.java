package dev.convergence.core.rewrite;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.api.rewrite.RewriteTier;
import java.util.Optional;

/** Built-in tier: the home directory → {@code {{CC_HOME}}}, unless the policy turns it off. Stateless. */
public final class HomeTier implements RewriteTier {

    @Override
    public String id() {
        return "home";
    }

    @Override
    public String sentinelName() {
        return "CC_HOME";
    }

    @Override
    public Optional<String> anchor(MachineLayout layout, RewritePolicy policy) {
        return policy.rewriteHome() ? Optional.of(layout.home()) : Optional.empty();
    }
}
