package dev.convergence.transport.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.convergence.api.ProjectId;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a sync costs in requests, counted against a real S3 API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class S3RequestCountTest {

    private static final ProjectId PROJECT = ProjectId.of("proj");
    private S3ProxyServer server;

    @BeforeAll
    void startServer() throws Exception {
        server = S3ProxyServer.start();
    }

    @AfterAll
    void stopServer() throws Exception {
        server.close();
    }

    private S3Transport open(RequestLog log) {
        String text = "s3://" + S3ProxyServer.BUCKET + "/counts/" + UUID.randomUUID();
        S3Location location = S3Location.parse(text).orElseThrow();
        var settings = S3Settings.from(Map.of(), server.environment());
        var factory = new S3ClientFactory();
        return new S3Transport(ClusterUri.parse(text), factory.create(settings, server.environment(), List.of(log)),
                factory.create(settings.withMaxAttempts(1), server.environment(), List.of(log)), location);
    }

    private static Content text(String s) {
        return Content.of(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aNoChangeReadIsOneRequestAndANoChangeSyncTwo() {
        RequestLog log = new RequestLog();
        try (S3Transport transport = open(log)) {
            transport.publish(PROJECT, SnapshotToken.ABSENT,
                    new Changeset(Map.of("roster.json", text("{}"), "context/a.jsonl", text("a\n"), "context/b.jsonl", text("b\n")), Set.of(), "init"));
            log.clear();
            Snapshot snapshot = transport.read(PROJECT);
            assertEquals(1, log.requests().size(), log.requests().toString());
            transport.publish(PROJECT, snapshot.token(), new Changeset(Map.of(), Set.of(), "nothing changed"));
            assertEquals(2, log.requests().size(), log.requests().toString());
        }
    }

    @Test
    void appendingToOneFileUploadsOnlyThatFileAManifestAndTheHead() {
        RequestLog log = new RequestLog();
        try (S3Transport transport = open(log)) {
            SnapshotToken first = transport.publish(PROJECT, SnapshotToken.ABSENT,
                    new Changeset(Map.of("roster.json", text("{}"), "context/a.jsonl", text("a\n"), "context/b.jsonl", text("b\n")), Set.of(), "init"));
            log.clear();
            transport.publish(PROJECT, first, new Changeset(Map.of("context/a.jsonl", text("a\nmore\n"),
                    "context/b.jsonl", text("b\n")), Set.of(), "append to a"));
            List<String> puts = log.requests().stream().filter(r -> r.startsWith("PUT ")).toList();
            assertEquals(3, puts.size(), log.requests().toString());
            assertTrue(puts.get(0).matches("PUT .*/objects/[0-9a-f]{64}"), puts.toString());
            assertTrue(puts.get(1).endsWith("/proj/manifests/2.json"), puts.toString());
            assertTrue(puts.get(2).endsWith("/proj/HEAD"), puts.toString());
            assertEquals(4, log.requests().size(), "one existence check, three PUTs: " + log.requests());
        }
    }
}
