package dev.align.security;

import dev.align.support.AlignIntegration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** What operators reach without signing in: the Prometheus endpoint (bearer token only) and the health groups. */
@AlignIntegration
class OperatorEndpointsTest {

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void prometheus_answers_only_its_bearer_token_and_holds_the_sync_figures() throws Exception {
        var anonymous = get("/actuator/prometheus", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(get("/actuator/prometheus", "Bearer wrong-token").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus", "Basic " + AlignIntegration.METRICS_TOKEN).statusCode()).isEqualTo(401);

        var scraped = get("/actuator/prometheus", "Bearer " + AlignIntegration.METRICS_TOKEN);

        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.headers().firstValue("Set-Cookie")).as("no session for a scrape").isEmpty();
        assertThat(scraped.body()).contains("illumera_sync_outbox_backlog", "illumera_connections",
                "hikaricp_connections_active", "jvm_memory_used_bytes");
    }

    @Test
    void without_a_configured_token_the_endpoint_does_not_exist() throws Exception {
        var request = new MockHttpServletRequest("GET", MetricsAccess.PATH);
        request.addHeader("Authorization", "Bearer ");
        var response = new MockHttpServletResponse();
        var chain = new MockFilterChain();

        new MetricsAccess.BearerToken(" ").doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(chain.getRequest()).as("not passed on").isNull();
    }

    @Test
    void health_groups_answer_anonymously_with_status_only_for_illumera() throws Exception {
        var database = get("/actuator/health/database", null);
        assertThat(database.statusCode()).isEqualTo(200);
        assertThat(database.body()).contains("\"UP\"");

        var scheduler = get("/actuator/health/scheduler", null);
        assertThat(scheduler.statusCode()).isEqualTo(200);
        assertThat(scheduler.body()).contains("\"UP\"").contains("lastTick");

        var illumera = get("/actuator/health/illumera", null);
        assertThat(illumera.statusCode()).as("DEGRADED is still 200: Align works").isEqualTo(200);
        assertThat(illumera.body()).containsAnyOf("\"UP\"", "\"DEGRADED\"").doesNotContain("connectedOrganisations");
    }
}
