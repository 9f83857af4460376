package dev.convergence.scanners.internal;

/** A check in code that a regex candidate must pass (a checksum, a decodable header). Thread-safe. */
@FunctionalInterface
public interface SecretValidator {

    /** Whether {@code secret} is a real secret rather than a look-alike. */
    boolean accepts(String secret);
}
