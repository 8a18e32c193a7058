package dev.align.illumera.client;

import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox of the running test application, over real HTTP: clients for keys, and the sandbox's
 * admin API (fresh workspaces and keys per test, faults, the request log).
 */
final class SandboxFixture {

    static final String DEMO_KEY = "ilm_test_AlignDemoValidKey000000000000001";
    static final String EXPIRED_KEY = "ilm_test_AlignDemoExpiredKey0000000000001";
    static final String OTHER_KEY = "ilm_test_AlignDemoOtherKey000000000000001";
    static final String DEMO_WORKSPACE = "ws_AlignDemo";
    static final String OTHER_WORKSPACE = "ws_OtherTeam";

    private static final AtomicLong ORGANISATIONS = new AtomicLong(1_000_000);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Key(String keyId, String key) {
    }

    final String baseUrl;
    final IllumeraClients clients;
    private final HttpClient http = HttpClient.newHttpClient();

    SandboxFixture(Environment environment) {
        this.baseUrl = "http://127.0.0.1:" + environment.getProperty("local.server.port") + "/illumera-sandbox";
        this.clients = new IllumeraClients(new IllumeraClient.Settings(URI.create(baseUrl), Duration.ofSeconds(2),
                Duration.ofSeconds(10), 4, Duration.ofMillis(20), Duration.ofSeconds(5)),
                new RetryAfterGate(Clock.systemUTC()));
    }

    /** A client as one organisation of its own (its own circuit breaker). */
    IllumeraClient client(String key) {
        return clients.forOrganisation(ORGANISATIONS.incrementAndGet(), key);
    }

    String newWorkspace(String name) {
        return admin("POST", "/admin/workspaces", Map.of("name", name)).get("id").asString();
    }

    Key newKey(String... workspaceIds) {
        JsonNode answer = admin("POST", "/admin/keys", Map.of("workspaceIds", List.of(workspaceIds)));
        return new Key(answer.get("keyId").asString(), answer.get("key").asString());
    }

    JsonNode admin(String method, String path, Object body) {
        return JSON.readTree(raw(method, baseUrl + path, null, body == null ? null : JSON.writeValueAsString(body),
                Map.of("X-Sandbox-Admin-Token", dev.align.support.AlignIntegration.SANDBOX_ADMIN_TOKEN)).body());
    }

    List<JsonNode> requests(String keyId) {
        var list = new java.util.ArrayList<JsonNode>();
        admin("GET", "/admin/keys/" + keyId + "/requests", null).forEach(list::add);
        return list;
    }

    /** A plain HTTP call, for what the client itself would refuse to send. */
    HttpResponse<String> raw(String method, String url, String key, String body, Map<String, String> headers) {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
