package dev.convergence.transport.dir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.transport.TransportProvider;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The provider is declared in module-info and META-INF/services alike, and ServiceLoader finds it. */
class DirProviderRegistrationTest {

    private static final String SERVICE = TransportProvider.class.getName();

    @Test
    void serviceLoaderFindsTheDirProvider() {
        List<TransportProvider> dir = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("dir")).toList();
        assertEquals(1, dir.size());
        assertEquals(Set.of("dir"), dir.get(0).schemes());
        assertTrue(dir.get(0) instanceof DirTransportProvider);
    }

    @Test
    void moduleInfoAndMetaInfServicesDeclareTheSameProviders() throws Exception {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        Set<String> fromModule = new TreeSet<>();
        descriptor.provides().stream().filter(p -> p.service().equals(SERVICE)).forEach(p -> fromModule.addAll(p.providers()));
        Set<String> fromServices = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("target/classes/META-INF/services/" + SERVICE), StandardCharsets.UTF_8)) {
            String name = line.replaceFirst("#.*", "").strip();
            if (!name.isEmpty()) {
                fromServices.add(name);
            }
        }
        assertEquals(fromModule, fromServices);
        assertEquals(Set.of(DirTransportProvider.class.getName()), fromModule);
    }
}
