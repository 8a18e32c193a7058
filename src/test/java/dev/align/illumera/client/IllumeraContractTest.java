package dev.align.illumera.client;

import dev.align.illumera.client.IllumeraException.ContractViolation;
import dev.align.illumera.client.IllumeraException.Duplicate;
import dev.align.illumera.client.IllumeraException.InvalidKey;
import dev.align.illumera.client.IllumeraException.InvalidRequest;
import dev.align.illumera.client.IllumeraException.KeyExpired;
import dev.align.illumera.client.IllumeraException.NotFound;
import dev.align.illumera.client.IllumeraException.Unavailable;
import dev.align.illumera.client.IllumeraException.VersionMismatch;
import dev.align.illumera.client.IllumeraException.WorkspaceForbidden;
import dev.align.illumera.client.IllumeraModel.BatchItem;
import dev.align.illumera.client.IllumeraModel.BatchResult;
import dev.align.illumera.client.IllumeraModel.FeedMark;
import dev.align.illumera.client.IllumeraModel.NewTask;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.support.AlignIntegration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against the sandbox over real HTTP, one behaviour of the contract per test. */
@AlignIntegration
class IllumeraContractTest {

    @Autowired Environment environment;

    SandboxFixture sandbox;
    String workspace;
    SandboxFixture.Key key;
    IllumeraClient client;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxFixture(environment);
        workspace = sandbox.newWorkspace("Contract " + UUID.randomUUID());
        key = sandbox.newKey(workspace);
        client = sandbox.client(key.key());
    }

    @AfterEach
    void clearFaults() {
        sandbox.admin("DELETE", "/admin/faults", null);
    }

    private NewTask task(String name) {
        return new NewTask(workspace, name, null, null, null, null, null, null);
    }

    // --- keys and workspaces ------------------------------------------------------------------

    @Test
    void the_demo_key_sees_the_demo_workspace_and_says_when_it_expires() {
        var demo = sandbox.client(SandboxFixture.DEMO_KEY);

        var info = demo.key();
        assertThat(info.workspaceIds()).contains(SandboxFixture.DEMO_WORKSPACE);
        assertThat(info.expiresAt()).isAfter(Instant.now());
        assertThat(demo.workspace(SandboxFixture.DEMO_WORKSPACE).name()).isNotBlank();
        assertThat(demo.statuses(SandboxFixture.DEMO_WORKSPACE)).extracting(IllumeraModel.Status::category)
                .contains("todo", "in_progress", "done");
        assertThat(demo.fields(SandboxFixture.DEMO_WORKSPACE)).extracting(IllumeraModel.Field::type)
                .contains("text", "number", "date", "user", "option");
        assertThat(demo.members(SandboxFixture.DEMO_WORKSPACE).map(m -> m.email().toLowerCase()))
                .contains("owner@acme.example", "admin@acme.example", "member@acme.example");
    }

    @Test
    void each_key_problem_is_its_own_exception() {
        assertThatThrownBy(() -> sandbox.client("not-a-key").key()).isInstanceOf(InvalidKey.class);
        assertThatThrownBy(() -> sandbox.client("ilm_test_" + "x".repeat(32)).key()).isInstanceOf(InvalidKey.class);
        assertThatThrownBy(() -> sandbox.client(SandboxFixture.EXPIRED_KEY).key()).isInstanceOf(KeyExpired.class);
        assertThatThrownBy(() -> sandbox.client(SandboxFixture.OTHER_KEY).workspace(SandboxFixture.DEMO_WORKSPACE))
                .isInstanceOf(WorkspaceForbidden.class);
        assertThatThrownBy(() -> client.workspace("ws_doesNotExist")).isInstanceOf(NotFound.class);
    }

    @Test
    void a_key_that_expires_now_is_refused_from_then_on() {
        assertThat(client.key().keyId()).isEqualTo(key.keyId());

        sandbox.admin("POST", "/admin/keys/" + key.keyId() + "/expire", Map.of());

        assertThatThrownBy(() -> client.key()).isInstanceOf(KeyExpired.class);
    }

    // --- tasks --------------------------------------------------------------------------------

    @Test
    void a_task_is_created_read_changed_and_deleted_with_growing_versions() {
        var created = client.createTask(new NewTask(workspace, "Write the docs ✍️", "doing", null, null,
                LocalDate.of(2027, 1, 15), Map.of("cf_priority", "high"), "align:entry:1"), UUID.randomUUID().toString());
        assertThat(created.version()).isEqualTo(1);
        assertThat(client.task(created.id())).isEqualTo(created);

        var changed = client.updateTask(created.id(), created.version(), Map.of("status", "done"));
        assertThat(changed.version()).isEqualTo(2);
        assertThat(changed.status()).isEqualTo("done");
        assertThat(changed.customFields()).containsEntry("cf_priority", "high");
        assertThat(client.updateTask(created.id(), null, Map.of("status", "done")).version())
                .as("a change that changes nothing").isEqualTo(2);

        var deleted = client.deleteTask(created.id(), changed.version());
        assertThat(deleted.deleted()).isTrue();
        assertThat(client.task(created.id()).deleted()).isTrue();
        assertThatThrownBy(() -> client.updateTask(created.id(), null, Map.of("name", "x"))).isInstanceOf(NotFound.class);
    }

    @Test
    void a_stale_version_gets_412_with_the_current_task() {
        var created = client.createTask(task("Shared"), UUID.randomUUID().toString());
        client.updateTask(created.id(), created.version(), Map.of("name", "Changed in Illumera"));

        assertThatThrownBy(() -> client.updateTask(created.id(), created.version(), Map.of("name", "Mine")))
                .isInstanceOfSatisfying(VersionMismatch.class, e -> {
                    assertThat(e.current().name()).isEqualTo("Changed in Illumera");
                    assertThat(e.current().version()).isEqualTo(2);
                });
    }

    @Test
    void invalid_tasks_are_refused_field_by_field() {
        var bad = new NewTask(workspace, "", "no-such-status", "mbr_nobody", null, null,
                Map.of("cf_priority", "urgent", "cf_unknown", 1), "x".repeat(256));

        assertThatThrownBy(() -> client.createTask(bad, UUID.randomUUID().toString()))
                .isInstanceOfSatisfying(InvalidRequest.class, e -> assertThat(e.errors())
                        .extracting(IllumeraModel.FieldError::field)
                        .contains("name", "status", "assigneeId", "customFields.cf_priority", "customFields.cf_unknown",
                                "externalRef"));
        assertThat(client.tasks(workspace, null).count()).isZero();
    }

    // --- idempotency --------------------------------------------------------------------------

    @Test
    void the_same_idempotency_key_and_body_replays_the_first_answer_and_another_body_is_409() {
        String idempotencyKey = UUID.randomUUID().toString();
        Task first = client.createTask(task("Once"), idempotencyKey);

        Task again = client.createTask(task("Once"), idempotencyKey);
        assertThat(again).isEqualTo(first);
        assertThat(client.tasks(workspace, null).count()).isEqualTo(1);

        var replay = sandbox.raw("POST", sandbox.baseUrl + "/v1/tasks", key.key(),
                "{\"name\": \"Once\", \"workspaceId\": \"" + workspace + "\"}", Map.of("Idempotency-Key", idempotencyKey));
        assertThat(replay.statusCode()).isEqualTo(201);
        assertThat(replay.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(replay.headers().firstValue("Location")).contains(sandbox.baseUrl + "/v1/tasks/" + first.id());
        var oddKey = sandbox.raw("POST", sandbox.baseUrl + "/v1/tasks", key.key(),
                "{\"name\": \"Odd\", \"workspaceId\": \"" + workspace + "\"}", Map.of("Idempotency-Key", "key with spaces"));
        assertThat(oddKey.statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> client.createTask(task("Twice"), idempotencyKey)).isInstanceOf(Duplicate.class);
    }

    // --- pages and feeds ----------------------------------------------------------------------

    @Test
    void paging_through_ten_thousand_tasks_loses_none_and_repeats_none() {
        sandbox.admin("POST", "/admin/workspaces/" + workspace + "/tasks/bulk", Map.of("count", 10_000, "namePrefix", "Bulk"));

        var ids = new HashSet<String>();
        long count = client.tasks(workspace, null).peek(t -> ids.add(t.id())).count();

        assertThat(count).isEqualTo(10_000);
        assertThat(ids).hasSize(10_000);
    }

    @Test
    void the_feed_is_inclusive_ordered_includes_deletes_and_the_mark_skips_what_was_processed() {
        Task a = client.createTask(task("A"), UUID.randomUUID().toString());
        Task b = client.createTask(task("B"), UUID.randomUUID().toString());
        List<Task> feed = client.tasks(workspace, a.updatedAt()).toList();
        assertThat(feed).extracting(Task::id).containsExactly(a.id(), b.id());

        FeedMark mark = FeedMark.of(feed.getFirst()).after(feed.getLast());
        Task deleted = client.deleteTask(a.id(), null);
        Task c = client.createTask(task("C"), UUID.randomUUID().toString());

        List<Task> changes = client.tasksAfter(workspace, mark).toList();
        assertThat(changes).extracting(Task::id).containsExactly(a.id(), c.id());
        assertThat(changes.getFirst().deleted()).isTrue();
        assertThat(changes.getFirst().version()).isEqualTo(deleted.version());
        assertThat(changes).extracting(Task::updatedAt).isSorted();
        assertThat(mark.after(changes.getLast()).covers(c)).isTrue();
    }

    @Test
    void bad_list_parameters_and_foreign_cursors_are_refused() {
        var unknown = sandbox.raw("GET", sandbox.baseUrl + "/v1/tasks?colour=blue", key.key(), null, Map.of());
        var repeated = sandbox.raw("GET", sandbox.baseUrl + "/v1/tasks?limit=1&limit=2", key.key(), null, Map.of());
        var tooMany = sandbox.raw("GET", sandbox.baseUrl + "/v1/tasks?limit=201", key.key(), null, Map.of());
        var badTime = sandbox.raw("GET", sandbox.baseUrl + "/v1/tasks?updatedSince=yesterday", key.key(), null, Map.of());

        for (var response : List.of(unknown, repeated, tooMany, badTime)) {
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("\"code\":\"invalid_request\"");
        }
    }

    // --- batches and sizes --------------------------------------------------------------------

    @Test
    void a_batch_answers_each_item_on_its_own() {
        Task existing = client.createTask(task("Existing"), UUID.randomUUID().toString());
        client.updateTask(existing.id(), null, Map.of("name", "Moved on"));

        List<BatchResult> results = client.batch(List.of(
                BatchItem.create(task("Good"), UUID.randomUUID().toString()),
                BatchItem.create(new NewTask(workspace, "Bad", "nonsense", null, null, null, null, null),
                        UUID.randomUUID().toString()),
                BatchItem.update(existing.id(), existing.version(), Map.of("name", "Stale"))),
                UUID.randomUUID().toString());

        assertThat(results).extracting(BatchResult::status).containsExactly(201, 400, 412);
        assertThat(results.get(0).task().name()).isEqualTo("Good");
        assertThat(results.get(1).error().code()).isEqualTo("invalid_request");
        assertThat(results.get(2).task().name()).isEqualTo("Moved on");
        assertThat(results.get(2).error().code()).isEqualTo("version_mismatch");
        assertThat(client.tasks(workspace, null).map(Task::name)).containsExactlyInAnyOrder("Moved on", "Good");
    }

    @Test
    void a_whole_batch_replays_under_its_idempotency_key_and_bad_items_fail_alone() {
        String body = "{\"items\":[{\"op\":\"create\",\"task\":{\"workspaceId\":\"" + workspace
                + "\",\"name\":\"Once\"}},{\"op\":\"update\",\"task\":{\"name\":\"no id\"}},"
                + "{\"op\":\"create\",\"id\":\"tsk_x\",\"task\":{\"workspaceId\":\"" + workspace
                + "\",\"name\":\"with id\"}}]}";
        var first = sandbox.raw("POST", sandbox.baseUrl + "/v1/tasks/batch", key.key(), body,
                Map.of("Idempotency-Key", "batch-1"));
        var again = sandbox.raw("POST", sandbox.baseUrl + "/v1/tasks/batch", key.key(), body,
                Map.of("Idempotency-Key", "batch-1"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"status\":201").contains("\"status\":400");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(client.tasks(workspace, null).map(Task::name)).containsExactly("Once");
    }

    @Test
    void over_100_items_or_over_1_mib_is_413() {
        String items = java.util.stream.IntStream.range(0, 101)
                .mapToObj(i -> "{\"op\":\"create\",\"task\":{\"workspaceId\":\"" + workspace + "\",\"name\":\"n" + i + "\"}}")
                .collect(Collectors.joining(",", "{\"items\":[", "]}"));
        var tooManyItems = sandbox.raw("POST", sandbox.baseUrl + "/v1/tasks/batch", key.key(), items, Map.of());
        var tooBig = sandbox.raw("POST", sandbox.baseUrl + "/v1/tasks", key.key(),
                "{\"workspaceId\":\"" + workspace + "\",\"name\":\"" + "x".repeat(1024 * 1024) + "\"}", Map.of());

        assertThat(tooManyItems.statusCode()).isEqualTo(413);
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(client.tasks(workspace, null).count()).isZero();
        assertThatThrownBy(() -> client.batch(java.util.Collections.nCopies(101, BatchItem.create(task("x"), "k")), "b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchItem.create(task("no key"), null)).isInstanceOf(NullPointerException.class);
    }

    // --- faults -------------------------------------------------------------------------------

    @Test
    void a_429_is_honoured_no_request_arrives_before_retry_after() {
        // -15 tokens: a 429 with Retry-After 2 s, however slow the machine is.
        sandbox.admin("POST", "/admin/keys/" + key.keyId() + "/rate-limit-burst", Map.of("tokensLeft", -15));

        Instant before = Instant.now();
        assertThat(client.key().keyId()).isEqualTo(key.keyId());

        var log = sandbox.requests(key.keyId());
        assertThat(log).extracting(entry -> entry.get("status").asInt()).containsExactly(429, 200);
        Instant refused = Instant.parse(log.get(0).get("at").asString());
        Instant answered = Instant.parse(log.get(1).get("at").asString());
        assertThat(Duration.between(refused, answered)).isGreaterThanOrEqualTo(Duration.ofMillis(1990));
        assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void calls_are_paced_by_the_rate_limit_headers_so_an_emptying_bucket_meets_no_429() {
        sandbox.admin("POST", "/admin/keys/" + key.keyId() + "/rate-limit-burst", Map.of("tokensLeft", 4));

        Instant before = Instant.now();
        for (int i = 0; i < 25; i++) {
            assertThat(client.key().keyId()).isEqualTo(key.keyId());
        }

        assertThat(sandbox.requests(key.keyId())).extracting(entry -> entry.get("status").asInt())
                .as("spaced at the sustained rate once the bucket ran low").hasSize(25).containsOnly(200);
        assertThat(Duration.between(before, Instant.now())).as("about 20 refill intervals of 100 ms")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void transient_5xx_are_retried_a_bounded_number_of_times() {
        sandbox.admin("POST", "/admin/faults", Map.of("keyId", key.keyId(), "errorRate", 1.0, "latencyMillis", 0));

        assertThatThrownBy(() -> client.key()).isInstanceOf(Unavailable.class);
        assertThat(sandbox.requests(key.keyId())).hasSize(4);

        sandbox.admin("DELETE", "/admin/faults", null);
        assertThat(client.key().keyId()).isEqualTo(key.keyId());
    }

    @Test
    void an_unreachable_illumera_is_unavailable_not_a_crash() {
        var clients = new IllumeraClients(new IllumeraClient.Settings(java.net.URI.create("http://127.0.0.1:9/none"),
                Duration.ofMillis(300), Duration.ofMillis(300), 2, Duration.ofMillis(10), Duration.ofSeconds(1)),
                new RetryAfterGate(java.time.Clock.systemUTC()));

        assertThatThrownBy(() -> clients.forOrganisation(1, key.key()).key())
                .isInstanceOf(Unavailable.class).hasMessageContaining("could not be reached");
    }

    @Test
    void the_circuit_opens_for_one_organisation_only() {
        sandbox.admin("POST", "/admin/faults", Map.of("keyId", key.keyId(), "errorRate", 1.0, "latencyMillis", 0));
        var broken = sandbox.clients.forOrganisation(-42, key.key());
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(broken::key).isInstanceOf(Unavailable.class);
        }
        int calls = sandbox.requests(key.keyId()).size();

        assertThatThrownBy(broken::key).isInstanceOf(Unavailable.class).hasMessageContaining("circuit open");
        assertThat(sandbox.requests(key.keyId())).hasSize(calls);
        assertThat(sandbox.client(SandboxFixture.DEMO_KEY).key().keyId()).isNotBlank();
    }

    @Test
    void an_answer_missing_a_required_number_or_flag_is_refused_not_read_as_zero() throws Exception {
        withStubIllumera("/v1/tasks/tsk_noversion", "{\"id\":\"tsk_noversion\",\"workspaceId\":\"ws_1\",\"name\":\"n\","
                        + "\"status\":\"todo\",\"deleted\":false,\"updatedAt\":\"2026-11-29T10:00:00Z\"}",
                stub -> assertThatThrownBy(() -> stub.task("tsk_noversion"))
                        .isInstanceOf(ContractViolation.class).hasMessageContaining("version"));
    }

    @Test
    void an_answer_that_breaks_the_contract_is_refused_before_it_reaches_align() throws Exception {
        withStubIllumera("/v1/tasks/tsk_broken",
                "{\"id\": \"tsk_broken\", \"deleted\": false, \"version\": 1, \"unexpected\": true}",
                stub -> assertThatThrownBy(() -> stub.task("tsk_broken"))
                        .isInstanceOf(ContractViolation.class).hasMessageContaining("workspaceId"));
    }

    /** A stand-in that answers one path with a fixed body: an "implementation" that breaks the contract. */
    private void withStubIllumera(String path, String body, java.util.function.Consumer<IllumeraClient> check)
            throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        try {
            var clients = new IllumeraClients(new IllumeraClient.Settings(
                    java.net.URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(1),
                    Duration.ofSeconds(2), 2, Duration.ofMillis(10), Duration.ofSeconds(1)),
                    new RetryAfterGate(java.time.Clock.systemUTC()));
            check.accept(clients.forOrganisation(7, key.key()));
        } finally {
            server.stop(0);
        }
    }
}
