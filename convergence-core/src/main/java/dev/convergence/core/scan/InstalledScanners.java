package dev.convergence.core.scan;

import dev.convergence.api.ConfigException;
import dev.convergence.api.scan.SecretScanner;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Discovers the {@link SecretScanner}s on the module path or class path, sorted by id; duplicate ids fail fast. */
public final class InstalledScanners {

    private InstalledScanners() {
    }

    /** The scanners visible to this module (the built-in pack and any third-party jar). */
    public static List<SecretScanner> load() {
        return load(ServiceLoader.load(SecretScanner.class));
    }

    /** The scanners visible to {@code loader}; for tests and plugin class loaders. */
    public static List<SecretScanner> load(ClassLoader loader) {
        return load(ServiceLoader.load(SecretScanner.class, loader));
    }

    private static List<SecretScanner> load(ServiceLoader<SecretScanner> loader) {
        List<SecretScanner> scanners = new ArrayList<>();
        try {
            for (SecretScanner s : loader) {
                for (SecretScanner other : scanners) {
                    if (other.id().equals(s.id())) {
                        throw new ConfigException("two secret scanners share the id '" + s.id() + "': "
                                + other.getClass().getName() + " and " + s.getClass().getName(),
                                "remove one of the jars that provide them");
                    }
                }
                scanners.add(s);
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigException("a secret scanner failed to load: " + e.getMessage(),
                    "remove or fix the scanner jar", e);
        }
        scanners.sort(Comparator.comparing(SecretScanner::id));
        return List.copyOf(scanners);
    }
}
