package dev.convergence.core;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a provider came from: built into Convergence, or a plugin jar.
 *
 * @param jar     the plugin jar, empty for a built-in
 * @param version the jar manifest's {@code Implementation-Version}, when it has one
 */
public record ProviderOrigin(Optional<Path> jar, Optional<String> version) {

    /** A provider shipped with Convergence. */
    public static final ProviderOrigin BUILT_IN = new ProviderOrigin(Optional.empty(), Optional.empty());

    public ProviderOrigin {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(version, "version");
    }

    public boolean builtIn() {
        return jar.isEmpty();
    }

    /** {@code built-in} or the jar's file name. */
    public String describe() {
        return jar.map(j -> j.getFileName().toString()).orElse("built-in");
    }
}
