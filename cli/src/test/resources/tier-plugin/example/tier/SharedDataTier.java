package example.tier;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.api.rewrite.RewriteTier;
import java.util.Optional;

/** An example rewrite tier: each machine's ~/shared-data folder becomes {{CC_SHARED_DATA}}. */
public final class SharedDataTier implements RewriteTier {

    @Override
    public String id() {
        return "shared-data";
    }

    @Override
    public String sentinelName() {
        return "CC_SHARED_DATA";
    }

    @Override
    public Optional<String> anchor(MachineLayout layout, RewritePolicy policy) {
        return Optional.of(layout.home() + "/shared-data");
    }
}
