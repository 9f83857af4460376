package dev.convergence.transport.dir;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Transport;
import dev.convergence.api.transport.TransportContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A second JVM for {@code DirTransportTest}: waits for a start file, says it is ready ({@code <start file>.ready}), waits for the start file, then publishes
 * {@code count} files named {@code <prefix><i>} into one project, retrying on stale.
 * Arguments: cluster folder, project id, prefix, count, start file.
 */
public final class RacingWriter {

    private RacingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path cluster = Path.of(args[0]);
        ProjectId project = ProjectId.of(args[1]);
        String prefix = args[2];
        int count = Integer.parseInt(args[3]);
        Path start = Path.of(args[4]);
        var context = new TransportContext(cluster, cluster, Map.of(), Map.of());
        try (Transport transport = new DirTransportProvider().open(ClusterUri.directory(cluster.toString()), context)) {
            transport.read(project); // warm up, then say so and wait for the start signal
            Files.writeString(Path.of(args[4] + ".ready"), "ready");
            while (!Files.exists(start)) {
                Thread.onSpinWait();
            }
            for (int i = 0; i < count; i++) {
                Publishing.publishRetrying(transport, project, Publishing.put(prefix + i, "written by the child JVM " + i));
            }
        }
    }
}
