package dev.align.sandbox;

import dev.align.support.AlignIntegration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.env.MockEnvironment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox cannot be turned against other machines or opened from elsewhere. */
@AlignIntegration
class SandboxGuardsTest {

    private static final String DEMO_KEY = "ilm_test_AlignDemoValidKey000000000000001";

    @LocalServerPort int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(String method, String path, String body, Map<String, String> headers)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/illumera-sandbox" + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void the_admin_api_needs_its_token_and_refuses_anything_that_passed_a_proxy() throws Exception {
        String create = "{\"name\": \"Made through the admin API\"}";
        assertThat(call("POST", "/admin/workspaces", create, Map.of()).statusCode()).isEqualTo(403);
        assertThat(call("POST", "/admin/workspaces", create, Map.of(AdminGate.HEADER, "guess")).statusCode())
                .isEqualTo(403);
        var forged = call("POST", "/admin/workspaces", create, Map.of(AdminGate.HEADER,
                AlignIntegration.SANDBOX_ADMIN_TOKEN, "X-Forwarded-For", "127.0.0.1"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("only local requests");

        var made = call("POST", "/admin/workspaces", create, Map.of(AdminGate.HEADER, AlignIntegration.SANDBOX_ADMIN_TOKEN));
        assertThat(made.statusCode()).isBetween(200, 201);
        assertThat(made.body()).contains("\"id\"");
    }

    @Test
    void webhooks_may_target_aligns_own_address_only() throws Exception {
        var auth = Map.of("Authorization", "Bearer " + DEMO_KEY, "Idempotency-Key", java.util.UUID.randomUUID().toString());
        for (String elsewhere : new String[] {"http://169.254.169.254/latest/meta-data",
                "http://localhost:" + port + "@evil.example/hooks", "https://hooks.example.net/align"}) {
            var refused = call("POST", "/v1/workspaces/ws_AlignDemo/webhooks",
                    "{\"url\": \"" + elsewhere + "\", \"events\": [\"task.*\"]}",
                    Map.of("Authorization", "Bearer " + DEMO_KEY, "Idempotency-Key", java.util.UUID.randomUUID().toString()));
            assertThat(refused.statusCode()).as(elsewhere).isEqualTo(400);
            assertThat(refused.body()).contains("only to the Align that serves it");
        }

        var own = call("POST", "/v1/workspaces/ws_AlignDemo/webhooks",
                "{\"url\": \"http://localhost:" + port + "/hooks/illumera\", \"events\": [\"task.*\"]}", auth);
        assertThat(own.statusCode()).isEqualTo(201);
        String id = own.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        call("DELETE", "/v1/workspaces/ws_AlignDemo/webhooks/" + id, null, Map.of("Authorization", "Bearer " + DEMO_KEY));
    }

    @ParameterizedTest
    @CsvSource({
            "http://localhost:8080/hooks/x, '', true",
            "http://127.0.0.1:8080/hooks/x, '', true",
            "http://LOCALHOST:8080/hooks/x, '', true",
            "http://localhost:8081/hooks/x, '', false",
            "http://user@localhost:8080/hooks/x, '', false",
            "http://10.0.0.5:8080/hooks/x, '', false",
            "https://align.example.com/hooks/x, https://align.example.com, true",
            "https://align.example.com:8443/hooks/x, https://align.example.com:443, false",
            "http://align.example.com/hooks/x, https://align.example.com, false",
            "https://align.example.com.evil.net/x, https://align.example.com, false",
            "https://align.example.com/align/hooks/x, https://align.example.com/align, true",
            "https://align.example.com/align-x/hooks, https://align.example.com/align, false",
            "https://align.example.com/align/../illumera-sandbox/admin, https://align.example.com/align, false"})
    void allowed_targets_compare_scheme_host_and_port(String url, String extra, boolean allowed) {
        var environment = new MockEnvironment().withProperty("local.server.port", "8080")
                .withProperty("illumera.sandbox.webhooks.allowed-targets", extra);
        assertThat(new WebhookTargets(environment).allows(url)).isEqualTo(allowed);
    }
}
