package dev.convergence.api.scan;

import java.util.List;
import java.util.Set;

/**
 * Finds secrets in decoded text (a JSON string value after unescaping, or a whole memory file).
 * Discovered with {@link java.util.ServiceLoader}; needs a public no-argument constructor; must
 * be thread-safe and must not backtrack catastrophically on hostile input.
 */
public interface SecretScanner {

    /** Short unique id of this scanner ({@code builtin}, {@code acme-rules}). */
    String id();

    /**
     * Lower-case keywords: text that contains none of them (compared case-insensitively) cannot
     * produce a finding, so callers may skip it. Empty means "always scan".
     */
    Set<String> keywords();

    /** Every secret in {@code text}, in order of position; empty when there is none. */
    List<SecretMatch> scan(String text);
}
