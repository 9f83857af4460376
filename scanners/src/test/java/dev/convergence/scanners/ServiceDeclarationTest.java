package dev.convergence.scanners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.scan.SecretScanner;
import dev.convergence.core.scan.InstalledScanners;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ServiceDeclarationTest {

    private static final String SERVICE = SecretScanner.class.getName();

    @Test
    void moduleInfoAndMetaInfServicesDeclareTheSameScanners() throws IOException {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        Set<String> fromModule = descriptor.provides().stream().filter(p -> p.service().equals(SERVICE))
                .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> fromServices = Files.readAllLines(Path.of("target/classes/META-INF/services/" + SERVICE)).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(fromModule, fromServices);
        assertTrue(fromModule.contains(BuiltinSecretScanner.class.getName()));
    }

    @Test
    void coreDiscoversTheBuiltinScannerThroughServiceLoader() {
        List<SecretScanner> scanners = InstalledScanners.load();
        assertEquals(List.of("builtin"), scanners.stream().map(SecretScanner::id).toList());
        assertTrue(scanners.get(0) instanceof BuiltinSecretScanner);
    }
}
