package dev.alignsandbox;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox runs as a process of its own: no Align UI, the contract on its own port. */
class StandaloneSandboxTest {

    @Test
    void the_stand_alone_sandbox_serves_the_contract_and_nothing_of_align() throws Exception {
        String dbUrl = System.getenv().getOrDefault("DB_URL", "");
        try (var context = StandaloneSandbox.start("--server.port=0", "--spring.datasource.url=" + dbUrl,
                "--spring.datasource.username=" + System.getenv().getOrDefault("DB_USER", "root"),
                "--spring.datasource.password=" + System.getenv().getOrDefault("DB_PASSWORD", ""),
                "--align.embedded-db.data-dir=target/test-mariadb")) {
            String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
            var http = HttpClient.newHttpClient();

            var key = http.send(HttpRequest.newBuilder(URI.create(base + "/illumera-sandbox/v1/key"))
                    .header("Authorization", "Bearer ilm_test_AlignDemoValidKey000000000000001").build(),
                    HttpResponse.BodyHandlers.ofString());
            var login = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(key.statusCode()).isEqualTo(200);
            assertThat(key.body()).contains("ws_AlignDemo");
            assertThat(login.body()).doesNotContain("vaadin");
            assertThat(context.getBeanNamesForType(com.vaadin.flow.spring.SpringServlet.class)).isEmpty();
        }
    }
}
