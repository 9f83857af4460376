package dev.convergence.transport.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import dev.convergence.api.transport.UnsupportedClusterException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The provider is declared in module-info and META-INF/services alike, and ServiceLoader finds it. */
class S3ProviderRegistrationTest {

    private static final String SERVICE = TransportProvider.class.getName();

    @Test
    void serviceLoaderFindsTheS3Provider() {
        List<TransportProvider> s3 = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.id().equals("s3")).toList();
        assertEquals(1, s3.size());
        assertEquals(Set.of("s3"), s3.get(0).schemes());
        assertTrue(s3.get(0) instanceof S3TransportProvider);
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
        assertEquals(Set.of(S3TransportProvider.class.getName()), fromModule);
    }

    @Test
    void aLocationThatIsNotAnS3UriIsRefusedWithTheReason() {
        Path here = Path.of(".");
        var e = assertThrows(UnsupportedClusterException.class, () -> new S3TransportProvider()
                .open(new ClusterUri("s3", "bucket-without-scheme"), new TransportContext(here, here, Map.of(), Map.of())));
        assertTrue(e.getMessage().contains("s3://BUCKET"), e.getMessage());
    }
}
