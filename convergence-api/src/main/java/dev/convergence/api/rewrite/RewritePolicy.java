package dev.convergence.api.rewrite;

/**
 * The cluster-wide rewrite policy, fixed when the project is created.
 *
 * @param rewriteHome whether the home directory is replaced by {@code {{CC_HOME}}}
 */
public record RewritePolicy(boolean rewriteHome) {

    public static final RewritePolicy DEFAULT = new RewritePolicy(true);
}
