package dev.align.illumera.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.align.illumera.client.IllumeraException.ContractViolation;
import dev.align.illumera.client.IllumeraException.RateLimited;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a hostile or broken Illumera can make the client do is bounded: answer size, pages per feed
 * read, Retry-After, the characters of its texts, and where the key may be sent. Against a stand-in
 * server over real HTTP; no Spring.
 */
class IllumeraClientLimitsTest {

    private static final String KEY = "ilm_test_" + "L".repeat(32);
    private static final String TASK = "{\"id\":\"tsk_%d\",\"workspaceId\":\"ws_1\",\"name\":\"Task %d\",\"status\":\"todo\","
            + "\"deleted\":false,\"updatedAt\":\"2026-11-29T10:00:00Z\",\"version\":1}";

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();

    @FunctionalInterface
    interface Answer {
        void answer(HttpExchange exchange, int call) throws IOException;
    }

    private IllumeraClient stub(Answer answer, long maxAnswerBytes, int maxPages) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            answer.answer(exchange, calls.incrementAndGet());
            exchange.close();
        });
        server.start();
        var settings = new IllumeraClient.Settings(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(1), Duration.ofSeconds(5), 2, Duration.ofMillis(5), Duration.ofSeconds(1),
                maxAnswerBytes, maxPages, Duration.ofMinutes(15));
        return new IllumeraClients(settings, new RetryAfterGate(Clock.systemUTC())).forOrganisation(1, KEY);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void an_oversized_answer_is_refused_unread_also_without_a_content_length() throws Exception {
        var client = stub((exchange, call) -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked: no Content-Length to go by
            var out = exchange.getResponseBody();
            out.write("{\"keyId\":\"".getBytes(StandardCharsets.UTF_8));
            byte[] filler = "x".repeat(8192).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 64; i++) {
                out.write(filler);
            }
        }, 64 * 1024, 100);

        assertThatThrownBy(client::key).isInstanceOf(ContractViolation.class)
                .hasMessageContaining("larger than 64 KiB");
        assertThat(calls).as("not retried: the next answer would be as large").hasValue(1);
    }

    @Test
    void a_feed_that_never_ends_stops_at_the_page_limit_with_the_reason() throws Exception {
        var client = stub((exchange, call) -> send(exchange, 200, "{\"items\":[" + TASK.formatted(call, call)
                + "],\"nextCursor\":\"c" + call + "\"}"), 1024 * 1024, 50);

        assertThatThrownBy(() -> client.tasks("ws_1", null).count()).isInstanceOf(ContractViolation.class)
                .hasMessageContaining("did not end after 50 pages");
        assertThat(calls).hasValue(50);
    }

    @Test
    void a_cursor_given_again_stops_the_read_instead_of_looping() throws Exception {
        var client = stub((exchange, call) -> send(exchange, 200, "{\"items\":[" + TASK.formatted(call, call)
                + "],\"nextCursor\":\"" + (call % 3 == 0 ? "c1" : "c" + call) + "\"}"), 1024 * 1024, 1000);

        var read = new java.util.ArrayList<String>();
        assertThatThrownBy(() -> client.tasks("ws_1", null).forEach(task -> read.add(task.id())))
                .isInstanceOf(ContractViolation.class).hasMessageContaining("cursor of an earlier page");
        assertThat(read).as("what was read before is handed on once each").containsExactly("tsk_1", "tsk_2", "tsk_3");
    }

    @Test
    void an_absurd_retry_after_is_cut_to_the_limit() throws Exception {
        var client = stub((exchange, call) -> {
            exchange.getResponseHeaders().add("Retry-After", "99999999999");
            send(exchange, 429, "{\"status\":429,\"code\":\"rate_limited\",\"detail\":\"slow down\"}");
        }, 1024 * 1024, 100);

        assertThatThrownBy(client::key).isInstanceOfSatisfying(RateLimited.class, limited ->
                assertThat(limited.retryAfter()).isEqualTo(Duration.ofMinutes(15)));
        assertThat(calls).as("a wait over max-retry-after-wait is not waited in the call").hasValue(1);
    }

    @Test
    void illumeras_words_lose_line_breaks_and_bidi_controls_before_any_log_or_page() throws Exception {
        String detail = "Bad\r\nINFO forged log line \u202Egnp.exe\u202C and \u2066isolate\u2069 \u0007bell";
        var client = stub((exchange, call) -> send(exchange, 400, "{\"status\":400,\"code\":\"invalid_request\","
                + "\"detail\":\"" + detail.replace("\r", "\\r").replace("\n", "\\n").replace("\u0007", "\\u0007")
                + "\",\"errors\":[]}"),
                1024 * 1024, 100);

        assertThatThrownBy(() -> client.task("tsk_1")).satisfies(error -> {
            assertThat(error.getMessage()).contains("Bad  INFO forged log line gnp.exe and isolate bell")
                    .doesNotContain("\r", "\n", "\u202E", "\u202C", "\u2066", "\u2069", "\u0007");
        });
    }

    @Test
    void task_names_arrive_without_control_characters() throws Exception {
        var client = stub((exchange, call) -> send(exchange, 200, "{\"id\":\"tsk_1\",\"workspaceId\":\"ws_1\","
                + "\"name\":\"Pay \\u202Eevil\\u202C invoice\\n\",\"status\":\"todo\",\"deleted\":false,"
                + "\"updatedAt\":\"" + Instant.parse("2026-11-29T10:00:00Z") + "\",\"version\":1}"), 1024 * 1024, 100);

        assertThat(client.task("tsk_1").name()).isEqualTo("Pay evil invoice ");
    }

    @ParameterizedTest
    @CsvSource({
            "https://api.illumera.example, true",
            "http://localhost:8080/illumera-sandbox, true",
            "http://127.0.0.1:9090/illumera-sandbox, true",
            "http://sandbox:9090/illumera-sandbox, true",
            "http://SANDBOX:9090/illumera-sandbox, true",
            "http://sandbox.evil.example:9090, false",
            "http://api.illumera.example, false",
            "http://127.evil.example, false",
            "http://10.1.2.3:8080, false",
            "https://user:pw@api.illumera.example, false",
            "http://user:pw@sandbox:9090, false",
            "ftp://api.illumera.example, false"})
    void the_key_travels_over_https_only_except_to_this_machine_or_a_host_the_operator_named(String baseUrl,
                                                                                              boolean allowed) {
        var named = java.util.Set.of("sandbox"); // ILLUMERA_CLIENT_PLAIN_HTTP_HOSTS=sandbox (a compose network)
        if (allowed) {
            IllumeraClient.Settings.requireSafe(URI.create(baseUrl), named);
        } else {
            assertThatThrownBy(() -> IllumeraClient.Settings.requireSafe(URI.create(baseUrl), named))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https");
        }
    }

    @Test
    void without_named_hosts_plain_http_goes_to_this_machine_only() {
        assertThatThrownBy(() -> IllumeraClient.Settings.requireSafe(URI.create("http://sandbox:9090/illumera-sandbox"),
                java.util.Set.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ILLUMERA_CLIENT_PLAIN_HTTP_HOSTS");
    }
}
