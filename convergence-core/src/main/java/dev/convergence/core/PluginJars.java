package dev.convergence.core;

import dev.convergence.api.Diagnostic;
import dev.convergence.api.rewrite.RewriteTier;
import dev.convergence.api.scan.SecretScanner;
import dev.convergence.api.transport.TransportProvider;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Adds the providers of plugin jars (a folder of {@code *.jar}, usually
 * {@code $CONVERGENCE_HOME/plugins}) to the built-in ones. Each jar gets its own class loader whose
 * parent is the application's, so plugins see the API but not each other. A broken plugin — an
 * unreadable jar, a provider whose constructor throws, an id that is already taken — is skipped and
 * reported as a warning; it never stops Convergence.
 */
public final class PluginJars {

    /** Give up on a jar whose service files keep failing (a broken iterator could otherwise loop). */
    private static final int MAX_ERRORS_PER_JAR = 20;

    /** The combined registry and what went wrong on the way. */
    public record Loaded(ProviderRegistry registry, List<Diagnostic> warnings) {
        public Loaded {
            warnings = List.copyOf(warnings);
        }
    }

    private final List<TransportProvider> transports = new ArrayList<>();
    private final List<SecretScanner> scanners = new ArrayList<>();
    private final List<RewriteTier> tiers = new ArrayList<>();
    private final Map<Object, ProviderOrigin> origins = new IdentityHashMap<>();
    private final List<Diagnostic> warnings = new ArrayList<>();

    private PluginJars(ProviderRegistry builtIns) {
        transports.addAll(builtIns.transports());
        scanners.addAll(builtIns.scanners());
        tiers.addAll(builtIns.tiers());
    }

    /** The plugins folder of this machine: {@code $CONVERGENCE_HOME/plugins}. */
    public static Path folder(Environment env) {
        return env.convergenceHome().resolve("plugins");
    }

    /** The built-in providers plus those of every jar in {@link #folder(Environment)}. */
    public static Loaded load(Environment env) {
        return load(ProviderRegistry.discover(), folder(env));
    }

    /** {@code builtIns} plus the providers of every {@code *.jar} directly in {@code folder} (absent: none). */
    public static Loaded load(ProviderRegistry builtIns, Path folder) {
        List<Diagnostic> listing = new ArrayList<>();
        List<Path> found = jarsIn(folder, listing);
        if (found.isEmpty()) {
            // No plugin: the built-ins as they are, still lazy (a sync that pushes nothing never
            // builds the secret scanners).
            return new Loaded(builtIns, listing);
        }
        PluginJars jars = new PluginJars(builtIns);
        jars.warnings.addAll(listing);
        for (Path jar : found) {
            jars.add(jar);
        }
        return new Loaded(new ProviderRegistry(jars.transports, jars.scanners, jars.tiers, jars.origins), jars.warnings);
    }

    private static List<Path> jarsIn(Path folder, List<Diagnostic> warnings) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
        } catch (IOException e) {
            warnings.add(Diagnostic.warning(folder.toString(), "cannot list the plugins folder: " + e.getMessage()));
            return List.of();
        }
    }

    private void add(Path jar) {
        Optional<String> version;
        try (JarFile file = new JarFile(jar.toFile())) {
            version = Optional.ofNullable(file.getManifest())
                    .map(m -> m.getMainAttributes().getValue(Attributes.Name.IMPLEMENTATION_VERSION));
        } catch (IOException | SecurityException e) {
            skipJar(jar, "not a readable jar (" + e.getMessage() + ")");
            return;
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader("plugin:" + jar.getFileName(), new URL[] {jar.toUri().toURL()},
                    PluginJars.class.getClassLoader());
        } catch (IOException e) {
            skipJar(jar, "cannot open it (" + e.getMessage() + ")");
            return;
        }
        ProviderOrigin origin = new ProviderOrigin(Optional.of(jar), version);
        int before = transports.size() + scanners.size() + tiers.size();
        load(TransportProvider.class, loader, jar, origin, transports, TransportProvider::id, "transport");
        load(SecretScanner.class, loader, jar, origin, scanners, SecretScanner::id, "secret scanner");
        load(RewriteTier.class, loader, jar, origin, tiers, RewriteTier::id, "rewrite tier");
        if (transports.size() + scanners.size() + tiers.size() == before) {
            warnings.add(Diagnostic.warning(jar.getFileName().toString(), "the plugin provides nothing Convergence can use "
                    + "(no META-INF/services entry for a transport, secret scanner or rewrite tier loaded)"));
        }
    }

    private <T> void load(Class<T> type, ClassLoader loader, Path jar, ProviderOrigin origin, List<T> into,
                          Function<T, String> id, String what) {
        Set<String> taken = new HashSet<>();
        into.forEach(t -> taken.add(id.apply(t)));
        Iterator<ServiceLoader.Provider<T>> it = ServiceLoader.load(type, loader).stream().iterator();
        int errors = 0;
        while (errors < MAX_ERRORS_PER_JAR) {
            try {
                if (!it.hasNext()) {
                    return;
                }
                ServiceLoader.Provider<T> p = it.next();
                if (p.type().getClassLoader() != loader) {
                    continue;
                }
                T provider = p.get();
                String name = id.apply(provider);
                if (!taken.add(name)) {
                    warnings.add(Diagnostic.warning(jar.getFileName().toString(), "skipped " + what + " " + p.type().getName()
                            + ": the id '" + name + "' is already taken"));
                    continue;
                }
                into.add(provider);
                origins.put(provider, origin);
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                errors++;
                warnings.add(Diagnostic.warning(jar.getFileName().toString(), "skipped a " + what + ": " + rootMessage(e)));
            }
        }
    }

    private void skipJar(Path jar, String why) {
        warnings.add(Diagnostic.warning(jar.getFileName().toString(), "plugin skipped: " + why));
    }

    private static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            b.append(" (caused by ").append(c).append(')');
        }
        return b.toString();
    }
}
