package dev.convergence.transport.git;

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
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the provider is found and what it declares. */
class GitTransportProviderTest {

    private static final String SERVICE = TransportProvider.class.getName();

    @TempDir
    Path tempDir;

    @Test
    void theProviderLoadsThroughServiceLoader() {
        List<TransportProvider> git = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(p -> p.id().equals("git"))
                .toList();
        assertEquals(1, git.size());
        assertTrue(git.get(0) instanceof GitTransportProvider);
    }

    @Test
    void itDeclaresTheGitSchemesAtPriorityZero() {
        GitTransportProvider p = new GitTransportProvider();
        assertEquals(Set.of("file", "git", "ssh", "http", "https"), p.schemes());
        assertEquals(0, p.priority());
    }

    @Test
    void moduleInfoProvidesExactlyWhatMetaInfServicesLists() throws Exception {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        Map<String, Set<String>> provides = descriptor.provides().stream()
                .collect(Collectors.toMap(ModuleDescriptor.Provides::service, pr -> Set.copyOf(pr.providers())));
        Set<String> listed = Files.readAllLines(Path.of("src/main/resources/META-INF/services/" + SERVICE),
                        StandardCharsets.UTF_8).stream()
                .map(l -> l.replaceAll("#.*", "").strip())
                .filter(l -> !l.isEmpty())
                .collect(Collectors.toSet());
        assertEquals(Map.of(SERVICE, listed), provides);
    }

    @Test
    void aSchemeItDoesNotServeIsRefusedWithTheReason() {
        UnsupportedClusterException e = assertThrows(UnsupportedClusterException.class,
                () -> new GitTransportProvider().open(ClusterUri.parse("s3://bucket/prefix"), context()));
        assertTrue(e.getMessage().contains("s3"), e.getMessage());
    }

    @Test
    void openingTouchesNothing() throws Exception {
        Path missing = tempDir.resolve("not-yet");
        new GitTransportProvider().open(ClusterUri.parse(missing.toString()), context()).close();
        assertTrue(Files.notExists(missing));
    }

    private TransportContext context() {
        return new TransportContext(tempDir.resolve("cache"), tempDir.resolve("home"), Map.of(), Map.of());
    }
}
