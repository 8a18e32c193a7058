package dev.align.illumera.client;

import com.sun.net.httpserver.HttpServer;
import dev.align.illumera.client.IllumeraException.InvalidRequest;
import dev.align.illumera.client.IllumeraException.VersionMismatch;
import dev.align.illumera.client.IllumeraModel.NewSprint;
import dev.align.illumera.client.IllumeraModel.NewTask;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.support.AlignIntegration;
import dev.align.webhooks.StandardWebhooks;
import dev.align.webhooks.WebhookSecret;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Workspaces, sprints, triggers, import rules and outgoing webhooks, over real HTTP. */
@AlignIntegration
class IllumeraContractWritesTest {

    record Received(String id, String timestamp, String signature, String body) {
    }

    @Autowired Environment environment;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    SandboxFixture sandbox;
    String workspace;
    SandboxFixture.Key key;
    IllumeraClient client;
    HttpServer receiver;
    final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    final AtomicInteger failuresToAnswer = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        sandbox = new SandboxFixture(environment);
        workspace = sandbox.newWorkspace("Writes " + UUID.randomUUID());
        key = sandbox.newKey(workspace);
        client = sandbox.client(key.key());
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks/illumera", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            received.add(new Received(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                    headers.getFirst("webhook-signature"), body));
            int status = failuresToAnswer.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void tearDown() {
        receiver.stop(0);
        sandbox.admin("DELETE", "/admin/faults", null);
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/illumera";
    }

    @Test
    void a_workspace_created_by_a_key_is_visible_to_it_with_the_default_statuses() {
        var created = client.createWorkspace("Website relaunch", "align:project:7", UUID.randomUUID().toString());

        assertThat(client.key().workspaceIds()).contains(created.id());
        assertThat(client.statuses(created.id())).extracting(IllumeraModel.Status::key)
                .containsExactly("todo", "doing", "review", "done");
        var renamed = client.updateWorkspace(created.id(), created.version(), Map.of("name", "Website"));
        assertThat(renamed.version()).isEqualTo(created.version() + 1);
        assertThat(client.workspaces(created.updatedAt()).map(IllumeraModel.Workspace::id)).contains(created.id());
    }

    @Test
    void sprints_are_created_changed_and_guarded_by_their_version() {
        var sprint = client.createSprint(new NewSprint(workspace, "Sprint 7", LocalDate.of(2027, 1, 4),
                LocalDate.of(2027, 1, 15), null, "align:release:3"), UUID.randomUUID().toString());
        assertThat(sprint.state()).isEqualTo("planned");

        var closed = client.updateSprint(sprint.id(), sprint.version(), Map.of("state", "closed"));
        assertThat(closed.state()).isEqualTo("closed");
        assertThatThrownBy(() -> client.updateSprint(sprint.id(), sprint.version(), Map.of("name", "x")))
                .isInstanceOfSatisfying(VersionMismatch.class, e ->
                        assertThat(e.current(IllumeraModel.Sprint.class).state()).isEqualTo("closed"));
        assertThatThrownBy(() -> client.createSprint(new NewSprint(workspace, "Backwards", LocalDate.of(2027, 2, 1),
                LocalDate.of(2027, 1, 1), null, null), UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(InvalidRequest.class, e -> assertThat(e.errors())
                        .extracting(IllumeraModel.FieldError::field).containsExactly("endDate"));
        assertThat(client.sprints(workspace, null).map(IllumeraModel.Sprint::id)).containsExactly(sprint.id());
    }

    @Test
    void triggers_start_workflows_once_per_idempotency_key_and_are_recorded() {
        String idempotencyKey = "align:trigger:entry.created:42";
        var first = client.trigger(workspace, "entry.created", Instant.parse("2026-11-29T10:15:00Z"),
                Map.of("entryId", 42, "title", "Launch"), idempotencyKey);
        var again = client.trigger(workspace, "entry.created", Instant.parse("2026-11-29T10:15:00Z"),
                Map.of("entryId", 42, "title", "Launch"), idempotencyKey);

        assertThat(again.triggerId()).isEqualTo(first.triggerId());
        assertThat(first.workflowsStarted()).isPositive();
        var recorded = sandbox.admin("GET", "/admin/workspaces/" + workspace + "/triggers", null);
        assertThat(recorded.size()).isEqualTo(1);
        assertThat(recorded.get(0).get("event").asString()).isEqualTo("entry.created");

        var withoutKey = sandbox.raw("POST", sandbox.baseUrl + "/v1/workspaces/" + workspace + "/triggers", key.key(),
                "{\"event\":\"entry.created\",\"occurredAt\":\"2026-11-29T10:15:00Z\",\"data\":{}}", Map.of());
        assertThat(withoutKey.statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> client.trigger(workspace, "entry.exploded", Instant.now(), Map.of(), "k"))
                .isInstanceOf(InvalidRequest.class);
    }

    @Test
    void an_enabled_align_import_rule_copies_align_tasks_once_more_and_lists_itself() {
        sandbox.admin("POST", "/admin/workspaces/" + workspace + "/import-rules", Map.of("source", "align", "enabled", true));
        assertThat(client.importRules(workspace)).anyMatch(rule -> rule.enabled() && rule.source().equals("align"));

        Task original = client.createTask(new NewTask(workspace, "From Align", null, null, null, null, null,
                "align:entry:99"), UUID.randomUUID().toString());
        client.createTask(new NewTask(workspace, "Native", null, null, null, null, null, null),
                UUID.randomUUID().toString());

        List<Task> copies = client.tasks(workspace, null).filter(t -> "align:entry:99".equals(t.externalRef())).toList();
        assertThat(copies).hasSize(2).extracting(Task::id).contains(original.id());
        assertThat(client.tasks(workspace, null).count()).isEqualTo(3);
    }

    @Test
    void webhooks_are_delivered_signed_and_retried_with_the_same_id() {
        var registration = client.registerWebhook(workspace, hookUrl(), List.of("task.*"));
        assertThat(registration.secret()).startsWith("whsec_");
        assertThat(client.webhooks(workspace)).extracting(IllumeraModel.Webhook::id).containsExactly(registration.id());
        failuresToAnswer.set(2);

        Task task = client.createTask(new NewTask(workspace, "Announced", null, null, null, null, null, null),
                UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(15)).until(() -> received.size() >= 3);
        var verifier = new StandardWebhooks(Clock.systemUTC());
        var secret = WebhookSecret.parse(registration.secret());
        assertThat(received).extracting(Received::id).containsOnly(received.peek().id());
        for (Received delivery : received) {
            assertThatCode(() -> verifier.verify(List.of(secret), delivery.id(), delivery.timestamp(),
                    delivery.signature(), delivery.body())).doesNotThrowAnyException();
            assertThat(delivery.body()).contains("\"type\":\"task.created\"").contains(task.id());
        }
    }

    @Test
    void registering_a_webhook_again_with_the_same_key_replays_the_first_answer() {
        String body = "{\"url\":\"" + hookUrl() + "\",\"events\":[\"task.*\"]}";
        var first = sandbox.raw("POST", sandbox.baseUrl + "/v1/workspaces/" + workspace + "/webhooks", key.key(), body,
                Map.of("Idempotency-Key", "register-once"));
        var again = sandbox.raw("POST", sandbox.baseUrl + "/v1/workspaces/" + workspace + "/webhooks", key.key(), body,
                Map.of("Idempotency-Key", "register-once"));

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body()).contains("whsec_");
        assertThat(client.webhooks(workspace)).hasSize(1);
    }

    @Test
    void after_a_secret_rotation_deliveries_carry_both_signatures() {
        var registration = client.registerWebhook(workspace, hookUrl(), List.of("task.created"));
        var rotated = sandbox.admin("POST", "/admin/webhooks/" + registration.id() + "/rotate", Map.of());
        var newSecret = WebhookSecret.parse(rotated.get("secret").asString());
        var oldSecret = WebhookSecret.parse(registration.secret());

        client.createTask(new NewTask(workspace, "After rotation", null, null, null, null, null, null),
                UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        Received delivery = received.peek();
        assertThat(delivery.signature().split(" ")).hasSize(2);
        var verifier = new StandardWebhooks(Clock.systemUTC());
        for (var secret : List.of(newSecret, oldSecret)) {
            assertThatCode(() -> verifier.verify(List.of(secret), delivery.id(), delivery.timestamp(),
                    delivery.signature(), delivery.body())).doesNotThrowAnyException();
        }
    }

    @Test
    void dropped_deliveries_never_arrive_and_the_feed_still_has_the_change() {
        var registration = client.registerWebhook(workspace, hookUrl(), List.of("task.*"));
        sandbox.admin("POST", "/admin/webhooks/drop-rate", Map.of("workspaceId", workspace, "rate", 1.0));

        Task task = client.createTask(new NewTask(workspace, "Lost announcement", null, null, null, null, null, null),
                UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(10)).until(() -> sandbox.admin("GET",
                "/admin/webhooks/" + registration.id() + "/deliveries", null).get(0).get("state").asString()
                .equals("dropped"));
        assertThat(received).isEmpty();
        assertThat(client.tasks(workspace, null).map(Task::id)).containsExactly(task.id());
        client.deleteWebhook(workspace, registration.id());
        assertThat(client.webhooks(workspace)).isEmpty();
    }

    @Test
    void a_webhook_whose_deliveries_have_failed_for_five_days_is_disabled() {
        var registration = client.registerWebhook(workspace, hookUrl(), List.of("task.*"));
        failuresToAnswer.set(1_000);
        jdbc.sql("UPDATE sbx_webhook SET failing_since = ? WHERE id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofDays(6))), registration.id()).update();

        client.createTask(new NewTask(workspace, "Nobody listens", null, null, null, null, null, null),
                UUID.randomUUID().toString());

        await().atMost(Duration.ofSeconds(10)).until(() -> !jdbc.sql("SELECT enabled FROM sbx_webhook WHERE id = ?")
                .param(registration.id()).query(Boolean.class).single());
        assertThat(received).hasSize(1);
        assertThat(sandbox.admin("GET", "/admin/webhooks/" + registration.id() + "/deliveries", null).get(0)
                .get("state").asString()).isEqualTo("failed");
    }

    @Test
    void a_method_a_path_does_not_support_is_405_with_allow() {
        var response = sandbox.raw("DELETE", sandbox.baseUrl + "/v1/workspaces/" + workspace, key.key(), null, Map.of());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValueSatisfying(allow ->
                assertThat(allow).contains("GET").contains("PATCH"));
        assertThat(response.body()).contains("\"code\":\"method_not_allowed\"");
    }
}
