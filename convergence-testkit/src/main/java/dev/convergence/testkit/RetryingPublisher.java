package dev.convergence.testkit;

import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import dev.convergence.api.transport.Transport;
import java.util.Map;
import java.util.Set;

/**
 * The loop core runs around a compare-and-swap publish, reduced to its essence: read, add one
 * file, publish against the token read, and on a stale snapshot read again and retry.
 */
public final class RetryingPublisher {

    private final Transport transport;
    private final ProjectId project;

    public RetryingPublisher(Transport transport, ProjectId project) {
        this.transport = transport;
        this.project = project;
    }

    /**
     * Adds {@code path} with {@code bytes} to the project, retrying until the publish lands.
     *
     * @return how many publishes were refused as stale before one landed
     */
    public int add(String path, byte[] bytes, int maxAttempts) {
        for (int refused = 0; refused < maxAttempts; refused++) {
            Snapshot current = transport.read(project);
            try {
                publish(current.token(), path, bytes);
                return refused;
            } catch (StaleSnapshotException stale) {
                Thread.onSpinWait();
            }
        }
        throw new IllegalStateException("publishing " + path + " was refused " + maxAttempts + " times in a row");
    }

    /** One publish of one new file against {@code expected}; throws {@link StaleSnapshotException} when it lost. */
    public SnapshotToken publish(SnapshotToken expected, String path, byte[] bytes) {
        return transport.publish(project, expected, new Changeset(Map.of(path, Content.of(bytes)), Set.of(), "add " + path));
    }
}
