package dev.convergence.transport.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The smallest round trip through a new cluster: create it, publish project {@code proj}, list and read it back. */
final class FirstProject {

    private FirstProject() {
    }

    static void publishAndReadBack(Transport t) {
        t.ensureCluster(true);
        ProjectId p = ProjectId.of("proj");
        SnapshotToken token = t.publish(p, SnapshotToken.ABSENT, new Changeset(
                Map.of("roster.json", Content.of("{}\n".getBytes(StandardCharsets.UTF_8))), Set.of(), "create"));
        assertEquals(List.of(p), t.listProjects());
        assertEquals(token, t.read(p).token());
    }
}
