package dev.convergence.api.rewrite;

import dev.convergence.api.MachineLayout;
import java.util.Optional;

/**
 * One anchor of the rewrite: a machine-local text (a path) that canonical form replaces by a
 * sentinel {@code {{NAME}}}. Core applies every tier's anchor longest first, so a specific anchor
 * (the project root) beats a general one (home). Discovered with {@link java.util.ServiceLoader};
 * implementations are stateless and thread-safe.
 *
 * <p>Sentinel names must be upper-case letters, digits and {@code _}, and must not end in
 * {@code _LIT} (that suffix escapes literal sentinels in text).
 */
public interface RewriteTier {

    /** Short unique id ({@code project-root}). */
    String id();

    /** The sentinel's name without braces ({@code CC_PROJECT_ROOT}). */
    String sentinelName();

    /**
     * This tier's anchor on a machine, in the machine's native form, or empty when the tier
     * does not apply there (e.g. home when the policy turns it off).
     */
    Optional<String> anchor(MachineLayout layout, RewritePolicy policy);
}
