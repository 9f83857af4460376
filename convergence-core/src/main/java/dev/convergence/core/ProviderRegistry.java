package dev.convergence.core;

import dev.convergence.api.ConfigException;
import dev.convergence.api.ProjectId;
import dev.convergence.api.rewrite.RewriteTier;
import dev.convergence.api.scan.SecretScanner;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * The transports, scanners and rewrite tiers found with {@link ServiceLoader}. Duplicate ids fail
 * at construction, or for discovered scanners and tiers at first use: a discovered registry
 * instantiates its scanners (whose rule packs are costly to build) and tiers only when asked, so
 * a sync, which needs neither, does not pay for them. A location no provider can serve fails
 * with every refusal listed.
 */
public final class ProviderRegistry {

    private final List<TransportProvider> transports;
    private final Lazy<SecretScanner> scanners;
    private final Lazy<RewriteTier> tiers;
    private final Map<Object, ProviderOrigin> origins;

    public ProviderRegistry(List<TransportProvider> transports, List<SecretScanner> scanners, List<RewriteTier> tiers) {
        this(transports, scanners, tiers, Map.of());
    }

    /** Providers with where each came from; a provider missing from {@code origins} is built in. */
    public ProviderRegistry(List<TransportProvider> transports, List<SecretScanner> scanners, List<RewriteTier> tiers,
                            Map<Object, ProviderOrigin> origins) {
        this(transports, new Lazy<>(() -> scanners, SecretScanner::id, "secret scanner"),
                new Lazy<>(() -> tiers, RewriteTier::id, "rewrite tier"), origins);
        this.scanners.get();
        this.tiers.get();
    }

    private ProviderRegistry(List<TransportProvider> transports, Lazy<SecretScanner> scanners, Lazy<RewriteTier> tiers,
                             Map<Object, ProviderOrigin> origins) {
        this.transports = List.copyOf(requireUnique(transports, TransportProvider::id, "transport"));
        this.scanners = scanners;
        this.tiers = tiers;
        this.origins = new java.util.IdentityHashMap<>(origins);
    }

    /** Where {@code provider} (one of this registry's) came from. */
    public ProviderOrigin origin(Object provider) {
        return origins.getOrDefault(provider, ProviderOrigin.BUILT_IN);
    }

    /** A provider list made and checked for duplicate ids on first use. */
    private static final class Lazy<T> {
        private final java.util.function.Supplier<List<T>> source;
        private final Function<T, String> id;
        private final String what;
        private List<T> items;

        Lazy(java.util.function.Supplier<List<T>> source, Function<T, String> id, String what) {
            this.source = source;
            this.id = id;
            this.what = what;
        }

        synchronized List<T> get() {
            if (items == null) {
                items = List.copyOf(requireUnique(source.get(), id, what));
            }
            return items;
        }
    }

    /** Discovers providers visible to {@code loader} (the class path, or module layer, or a plugin loader). */
    public static ProviderRegistry discover(ClassLoader loader) {
        return new ProviderRegistry(load(TransportProvider.class, loader),
                new Lazy<>(() -> load(SecretScanner.class, loader), SecretScanner::id, "secret scanner"),
                new Lazy<>(() -> load(RewriteTier.class, loader), RewriteTier::id, "rewrite tier"), Map.of());
    }

    /** Discovers the providers of this application (module path or class path). */
    public static ProviderRegistry discover() {
        return new ProviderRegistry(load(ServiceLoader.load(TransportProvider.class)),
                new Lazy<>(() -> load(ServiceLoader.load(SecretScanner.class)), SecretScanner::id, "secret scanner"),
                new Lazy<>(() -> load(ServiceLoader.load(RewriteTier.class)), RewriteTier::id, "rewrite tier"), Map.of());
    }

    private static <T> List<T> load(Class<T> type, ClassLoader loader) {
        return load(ServiceLoader.load(type, loader));
    }

    private static <T> List<T> load(ServiceLoader<T> loader) {
        List<T> out = new ArrayList<>();
        loader.forEach(out::add);
        return out;
    }

    private static <T> List<T> requireUnique(List<T> items, Function<T, String> id, String what) {
        Map<String, T> seen = new HashMap<>();
        for (T t : items) {
            T other = seen.putIfAbsent(id.apply(t), t);
            if (other != null) {
                throw new ConfigException("two " + what + "s share the id '" + id.apply(t) + "': "
                        + other.getClass().getName() + " and " + t.getClass().getName(),
                        "remove one of them (a plugin jar in $CONVERGENCE_HOME/plugins may duplicate a built-in)");
            }
        }
        return items;
    }

    public List<TransportProvider> transports() {
        return transports;
    }

    public List<SecretScanner> scanners() {
        return scanners.get();
    }

    public List<RewriteTier> tiers() {
        return tiers.get();
    }

    /** Opens the best transport for {@code uri}: by scheme, then descending priority, ties by id. */
    public Transport open(ClusterUri uri, TransportContext context) {
        List<TransportProvider> candidates = candidates(uri);
        List<String> refusals = new ArrayList<>();
        for (TransportProvider p : candidates) {
            try {
                return p.open(uri, context);
            } catch (UnsupportedClusterException e) {
                refusals.add(p.id() + ": " + e.getMessage());
            }
        }
        if (candidates.isEmpty()) {
            List<String> known = transports.stream().map(p -> p.id() + " " + new java.util.TreeSet<>(p.schemes())).sorted().toList();
            throw new ConfigException("no transport serves '" + uri.scheme() + "' locations like " + uri,
                    "known transports: " + String.join(", ", known));
        }
        throw new ConfigException("cannot open cluster " + uri + ": " + String.join("; ", refusals),
                "use another kind of cluster (--remote, --cluster or --s3)");
    }

    /**
     * The project's current token as the provider {@link #open} would try first can read it
     * without opening the cluster; empty when it cannot (then the cluster must be opened).
     */
    public Optional<SnapshotToken> peekToken(ClusterUri uri, ProjectId project, TransportContext context) {
        List<TransportProvider> candidates = candidates(uri);
        return candidates.isEmpty() ? Optional.empty() : candidates.get(0).peekToken(uri, project, context);
    }

    private List<TransportProvider> candidates(ClusterUri uri) {
        return transports.stream()
                .filter(p -> p.schemes().contains(uri.scheme()))
                .sorted(Comparator.comparingInt(TransportProvider::priority).reversed().thenComparing(TransportProvider::id))
                .toList();
    }
}
