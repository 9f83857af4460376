package dev.convergence.testkit;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import dev.convergence.api.transport.TransportProvider;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The child JVM of {@link TransportContract}'s two-process race: opens a transport by provider id
 * and cluster URI, waits for the go signal, then adds {@code count} files named
 * {@code <prefix>/<n>} with retry on stale. Exits 0 when every file landed.
 *
 * <p>Arguments: provider-id cluster-uri cache-dir home project-id prefix count ready-file go-file.
 */
public final class PublisherProcess {

    private PublisherProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            throw new IllegalArgumentException("expected 9 arguments, got " + args.length);
        }
        TransportProvider provider = providerById(args[0]);
        ClusterUri uri = ClusterUri.parse(args[1]);
        TransportContext context = new TransportContext(Path.of(args[2]), Path.of(args[3]), System.getenv(), Map.of());
        ProjectId project = ProjectId.of(args[4]);
        String prefix = args[5];
        int count = Integer.parseInt(args[6]);
        Path ready = Path.of(args[7]);
        Path go = Path.of(args[8]);
        try (Transport transport = provider.open(uri, context)) {
            Files.writeString(ready, "ready");
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!Files.exists(go) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            RetryingPublisher publisher = new RetryingPublisher(transport, project);
            for (int n = 0; n < count; n++) {
                String path = prefix + "/" + n;
                publisher.add(path, path.getBytes(StandardCharsets.UTF_8), 1000);
            }
        }
        System.exit(0);
    }

    private static TransportProvider providerById(String id) {
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class)) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no transport provider with id " + id + " on the class path");
    }
}
