package dev.convergence.core.rewrite;

import dev.convergence.api.MachineLayout;
import dev.convergence.api.rewrite.RewritePolicy;
import dev.convergence.api.rewrite.RewriteTier;
import java.util.Optional;

/** Built-in tier: Claude Code's bare folder name for the root → {@code {{CC_ENCODED_DIR}}}. Stateless. */
public final class EncodedDirTier implements RewriteTier {

    @Override
    public String id() {
        return "encoded-dir";
    }

    @Override
    public String sentinelName() {
        return "CC_ENCODED_DIR";
    }

    @Override
    public Optional<String> anchor(MachineLayout layout, RewritePolicy policy) {
        return Optional.of(layout.encodedDir());
    }
}
