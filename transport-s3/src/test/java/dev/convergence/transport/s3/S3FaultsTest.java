package dev.convergence.transport.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.convergence.api.AuthenticationException;
import dev.convergence.api.ProjectId;
import dev.convergence.api.StaleSnapshotException;
import dev.convergence.api.TransportException;
import dev.convergence.api.transport.Changeset;
import dev.convergence.api.transport.ClusterUri;
import dev.convergence.api.transport.Content;
import dev.convergence.api.transport.Snapshot;
import dev.convergence.api.transport.SnapshotToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the transport meets a misbehaving S3: throttling, lost races, refusals, stalls, cut responses. */
class S3FaultsTest {

    private static final ProjectId PROJECT = ProjectId.of("proj");
    private static final String HEAD_URL = "/bucket/pre/proj/HEAD";
    private WireMockServer wiremock;
    private S3Transport transport;

    @BeforeEach
    void start() {
        wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wiremock.start();
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s", "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + wiremock.port());
        var settings = S3Settings.from(Map.of("s3.timeout-seconds", "1", "s3.max-attempts", "3"), env);
        var factory = new S3ClientFactory();
        transport = new S3Transport(ClusterUri.parse("s3://bucket/pre"), factory.create(settings, env, List.of()),
                factory.create(settings.withMaxAttempts(1), env, List.of()), S3Location.parse("s3://bucket/pre").orElseThrow());
    }

    @AfterEach
    void stop() {
        transport.close();
        wiremock.stop();
    }

    private static String manifest(long generation, String id) {
        return new String(new ManifestCodec().write(new Manifest(generation, id, "", Instant.parse("2026-01-01T00:00:00Z"), Map.of())),
                StandardCharsets.UTF_8);
    }

    private static String error(String code) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code + "</Message></Error>";
    }

    @Test
    void slowDownIsRetriedAndThenSucceeds() {
        wiremock.stubFor(get(HEAD_URL).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody(error("SlowDown"))).willSetStateTo("calm"));
        wiremock.stubFor(get(HEAD_URL).inScenario("throttled").whenScenarioStateIs("calm")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e1\"").withBody(manifest(4, "abcd"))));
        Snapshot snapshot = transport.read(PROJECT);
        assertEquals("4-abcd:e1", snapshot.token().value());
        wiremock.verify(2, getRequestedFor(urlEqualTo(HEAD_URL)));
    }

    @Test
    void preconditionFailedOnTheHeadIsStale() {
        wiremock.stubFor(head(urlMatching("/bucket/pre/objects/.*")).willReturn(aResponse().withStatus(200)));
        wiremock.stubFor(put("/bucket/pre/proj/manifests/1.json").willReturn(aResponse().withStatus(200)));
        wiremock.stubFor(put(HEAD_URL).willReturn(aResponse().withStatus(412).withBody(error("PreconditionFailed"))));
        wiremock.stubFor(get(HEAD_URL).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"theirs\"").withBody(manifest(1, "beef"))));
        var changes = new Changeset(Map.of("roster.json", Content.of("{}".getBytes(StandardCharsets.UTF_8))), Set.of(), "create");
        assertThrows(StaleSnapshotException.class, () -> transport.publish(PROJECT, SnapshotToken.ABSENT, changes));
    }

    @Test
    void forbiddenIsAnAuthenticationFailureInOneLine() {
        wiremock.stubFor(any(urlMatching(".*")).willReturn(aResponse().withStatus(403).withBody(error("AccessDenied"))));
        var e = assertThrows(AuthenticationException.class, () -> transport.read(PROJECT));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("403") && e.getMessage().contains("s3://bucket/pre"), e.getMessage());
    }

    @Test
    void aStalledServerTimesOutAsATransportFailure() {
        wiremock.stubFor(get(HEAD_URL).willReturn(aResponse().withStatus(200).withFixedDelay(2_500).withBody(manifest(1, "abcd"))));
        long start = System.nanoTime();
        assertThrows(TransportException.class, () -> transport.read(PROJECT));
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "timeouts are bounded");
    }

    @Test
    void aTruncatedResponseIsATransportFailureNeverAHalfSnapshot() {
        wiremock.stubFor(get(HEAD_URL).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        assertThrows(TransportException.class, () -> transport.read(PROJECT));
    }

    @Test
    void aResponseCutShortOfItsLengthIsATransportFailure() {
        String body = manifest(1, "abcd");
        wiremock.stubFor(get(HEAD_URL).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")
                .withBody(body.substring(0, body.length() / 2))));
        assertThrows(TransportException.class, () -> transport.read(PROJECT));
    }
}
