package dev.convergence.core.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convergence.api.rewrite.RewriteTier;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The built-in tiers are declared the same way in module-info and META-INF/services, and load. */
class TierProvidersTest {

    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void moduleInfoProvidesEqualMetaInfServices() throws Exception {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        TreeMap<String, Set<String>> fromModule = new TreeMap<>();
        for (ModuleDescriptor.Provides p : descriptor.provides()) {
            fromModule.put(p.service(), new TreeSet<>(p.providers()));
        }
        TreeMap<String, Set<String>> fromServices = new TreeMap<>();
        try (Stream<Path> files = Files.list(CLASSES.resolve("META-INF/services"))) {
            for (Path f : files.toList()) {
                fromServices.put(f.getFileName().toString(), Files.readAllLines(f).stream().map(String::trim)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new)));
            }
        }
        assertEquals(fromServices, fromModule);
    }

    @Test
    void builtInTiersLoadThroughServiceLoader() {
        List<String> ids = ServiceLoader.load(RewriteTier.class).stream().map(p -> p.get().id()).sorted().toList();
        assertEquals(List.of("context-dir", "encoded-dir", "home", "project-root"), ids);
        assertEquals(PathRewriter.builtInTiers().stream().map(RewriteTier::id).sorted().toList(), ids);
    }
}
