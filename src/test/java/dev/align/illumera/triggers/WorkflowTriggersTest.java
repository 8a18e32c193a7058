package dev.align.illumera.triggers;

import dev.align.base.NotFoundException;
import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.TriggerEvent;
import dev.align.illumera.client.IllumeraClients;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.organisation.Plan;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.release.Release;
import dev.align.release.ReleaseDraft;
import dev.align.release.ReleaseService;
import dev.align.security.SyncAgent;
import dev.align.support.AlignIntegration;
import dev.align.support.SandboxAdmin;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import dev.align.illumera.triggers.WorkflowTriggers.Delivery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Workflow triggers against the sandbox over HTTP and the real outbox: each chosen event of a person
 * reaches Illumera exactly once — read twice, sent by two nodes at once, retried after 5xx, sent again
 * after a node died having sent it — and the log says what happened. Rounds are started by hand (the
 * tick is off in tests).
 */
@AlignIntegration
class WorkflowTriggersTest {

    @Autowired WorkflowTriggers triggers;
    @Autowired TriggerDeliveries deliveries;
    @Autowired IllumeraAddOnService addOn;
    @Autowired EntryService entries;
    @Autowired ProjectService projects;
    @Autowired ReleaseService releases;
    @Autowired IllumeraClients clients;
    @Autowired SandboxAdmin sandbox;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate transactions;

    private final JsonMapper json = JsonMapper.builder().build();
    Tenant tenant;
    String workspace;
    SandboxAdmin.Key key;
    long project;

    @BeforeEach
    void connect() {
        tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.admin());
        workspace = sandbox.newWorkspace("Triggers " + UUID.randomUUID().toString().substring(0, 6));
        key = sandbox.newKey(workspace, null);
        addOn.connect(key.key(), workspace);
        project = projects.create(new ProjectDraft("Triggers " + UUID.randomUUID(), null)).getId();
        triggers.deliverFor(tenant.id()); // the first round sets where reading starts
    }

    @AfterEach
    void tearDown() {
        sandbox.delete("/admin/faults");
        data.logout();
    }

    private void choose(TriggerEvent... events) {
        var view = addOn.settings();
        addOn.saveSettings(new AddOnSettings(Mapping.defaults(Direction.ALIGN_TO_ILLUMERA, view.schema()),
                ConflictPolicy.ALIGN_WINS, Set.of(events), false), view.version(), true);
    }

    private Entry entry(String title) {
        return entries.create(new EntryDraft(project, null, title, EntryStatus.TODO, null, null, null));
    }

    private List<JsonNode> received() {
        return sandbox.triggers(workspace);
    }

    private static String event(JsonNode trigger) {
        return trigger.get("event").asString();
    }

    private JsonNode body(JsonNode trigger) {
        return json.readTree(trigger.get("body").asString());
    }

    /** Makes every waiting delivery due now (instead of waiting out its backoff). */
    private void dueNow() {
        jdbc.sql("UPDATE illumera_trigger_delivery SET next_attempt_at = CURRENT_TIMESTAMP(6) - INTERVAL 1 SECOND"
                + " WHERE organisation_id = ?").param(tenant.id()).update();
    }

    @Test
    void each_chosen_event_of_a_person_reaches_illumera_once() {
        choose(TriggerEvent.values());
        Entry entry = entry("Write the release notes");
        Entry renamed = entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project, null,
                "Write the release notes (draft)", EntryStatus.TODO, null, null, null));
        entries.update(renamed.getId(), renamed.getVersion(), new EntryDraft(project, null,
                "Write the release notes (draft)", EntryStatus.IN_PROGRESS, null, null, null));
        Release release = releases.create(new ReleaseDraft(project, "2.0", LocalDate.now().plusDays(3)));
        releases.publish(release.getId(), releases.get(release.getId()).getVersion());

        triggers.deliverFor(tenant.id());
        triggers.deliverFor(tenant.id()); // reads the same events again (look-back): nothing sent twice

        assertThat(received()).extracting(WorkflowTriggersTest::event).as("a rename alone starts nothing")
                .containsExactly("entry.created", "entry.status_changed", "release.published");
        JsonNode created = body(received().getFirst());
        assertThat(created.get("data").get("entryId").asLong()).isEqualTo(entry.getId());
        assertThat(created.get("data").get("externalRef").asString()).isEqualTo("align:entry:" + entry.getId());
        assertThat(body(received().get(1)).get("data").get("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(body(received().get(2)).get("data").get("name").asString()).isEqualTo("2.0");
        assertThat(triggers.log(null, 10)).extracting(Delivery::event, Delivery::state, Delivery::attempts)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(TriggerEvent.RELEASE_PUBLISHED, "Delivered", 1),
                        org.assertj.core.groups.Tuple.tuple(TriggerEvent.ENTRY_STATUS_CHANGED, "Delivered", 1),
                        org.assertj.core.groups.Tuple.tuple(TriggerEvent.ENTRY_CREATED, "Delivered", 1));
        assertThat(triggers.log(null, 10).getLast().answer()).startsWith("Accepted: 1 workflow started (trg_");
        assertThat(triggers.log(null, 10).getLast().record()).as("the entry as it was when the event was read")
                .isEqualTo("Entry #" + entry.getId() + " · Write the release notes (draft)");
    }

    @Test
    void events_not_chosen_and_the_syncs_own_writes_start_nothing() {
        choose(TriggerEvent.ENTRY_CREATED);
        Release release = releases.create(new ReleaseDraft(project, "3.0", LocalDate.now().plusDays(3)));
        releases.publish(release.getId(), releases.get(release.getId()).getVersion());
        // An entry the sync makes from an Illumera task: Illumera's workflows saw the task already.
        transactions.executeWithoutResult(tx -> SyncAgent.actFor(tenant.id(), () -> entries.writeFromSync(null, null,
                new EntryDraft(project, null, "From Illumera", EntryStatus.TODO, null, null, null))));

        triggers.deliverFor(tenant.id());

        assertThat(received()).isEmpty();
        assertThat(triggers.log(null, 10)).isEmpty();
    }

    @Test
    void a_5xx_is_tried_again_later_and_the_event_arrives_once() {
        choose(TriggerEvent.ENTRY_CREATED);
        entry("Flaky network");
        sandbox.post("/admin/faults", "{\"keyId\": \"" + key.keyId() + "\", \"errorRate\": 1.0}");

        Instant before = Instant.now();
        triggers.deliverFor(tenant.id());

        Delivery waiting = triggers.log(null, 10).getFirst();
        assertThat(waiting.state()).isEqualTo("Will retry");
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.answer()).contains("503");
        assertThat(waiting.nextAttemptAt()).as("the first backoff: 10 s ± 25 %")
                .isBetween(before.plusMillis(7_000), Instant.now().plusMillis(12_600));
        triggers.deliverFor(tenant.id());
        assertThat(triggers.log(null, 10).getFirst().attempts()).as("not due yet: not sent again").isEqualTo(1);
        assertThat(received()).isEmpty();

        sandbox.delete("/admin/faults");
        dueNow();
        triggers.deliverFor(tenant.id());

        assertThat(received()).extracting(WorkflowTriggersTest::event).containsExactly("entry.created");
        assertThat(triggers.log(null, 10).getFirst()).satisfies(d -> {
            assertThat(d.state()).isEqualTo("Delivered");
            assertThat(d.attempts()).isEqualTo(2);
        });
    }

    @Test
    void a_node_that_died_after_sending_leaves_one_effect_and_two_nodes_at_once_send_once() throws Exception {
        choose(TriggerEvent.ENTRY_CREATED);
        entry("Sent before the crash");
        sandbox.post("/admin/faults", "{\"keyId\": \"" + key.keyId() + "\", \"errorRate\": 1.0}");
        triggers.deliverFor(tenant.id());
        sandbox.delete("/admin/faults");
        // A node sent it and died before writing down the answer: Illumera has it, our row still waits.
        TriggerDeliveries.Row row = deliveries.due(tenant.id(), Instant.now().plus(Duration.ofHours(1)), 10).getFirst();
        clients.forOrganisation(tenant.id(), key.key()).trigger(row.workspaceId(), row.event(), row.occurredAt(),
                json.readValue(row.payload(), Map.class), row.idempotencyKey());
        entry("Sent by two nodes at once");
        dueNow();

        // Two nodes' rounds at the same moment: one takes the organisation's lock, the other moves on.
        var first = CompletableFuture.runAsync(() -> triggers.deliverFor(tenant.id()));
        var second = CompletableFuture.runAsync(() -> triggers.deliverFor(tenant.id()));
        CompletableFuture.allOf(first, second).get();
        triggers.deliverFor(tenant.id());

        assertThat(received()).extracting(WorkflowTriggersTest::event).containsExactly("entry.created", "entry.created");
        assertThat(received()).extracting(t -> body(t).get("data").get("title").asString())
                .containsExactly("Sent before the crash", "Sent by two nodes at once");
        assertThat(triggers.log(null, 10)).extracting(Delivery::state).containsOnly("Delivered");
    }

    @Test
    void a_delivery_given_up_after_its_attempts_can_be_sent_again_by_an_admin() {
        choose(TriggerEvent.ENTRY_CREATED);
        entry("Illumera was down for hours");
        // Answers that break the contract (not 5xx, which would also open the client's circuit breaker).
        sandbox.post("/admin/faults", "{\"keyId\": \"" + key.keyId() + "\", \"nonsenseRate\": 1.0}");
        triggers.deliverFor(tenant.id());
        jdbc.sql("UPDATE illumera_trigger_delivery SET attempts = ? WHERE organisation_id = ?")
                .params(WorkflowTriggers.MAX_ATTEMPTS - 1, tenant.id()).update();
        dueNow();
        triggers.deliverFor(tenant.id());

        Delivery failed = triggers.log(null, 10).getFirst();
        assertThat(failed.state()).isEqualTo("Failed");
        assertThat(failed.answer()).startsWith("Gave up after 8 attempts.");
        assertThat(failed.nextAttemptAt()).isNull();

        sandbox.delete("/admin/faults");
        triggers.sendAgain(failed.id());
        assertThatThrownBy(() -> triggers.sendAgain(failed.id())).as("only a failed one")
                .isInstanceOf(dev.align.base.InvalidInputException.class);
        triggers.deliverFor(tenant.id());

        assertThat(received()).hasSize(1);
        assertThat(triggers.log(null, 10).getFirst().state()).isEqualTo("Delivered");
    }

    @Test
    void another_organisations_admin_neither_sees_nor_resends_these_deliveries() {
        choose(TriggerEvent.ENTRY_CREATED);
        entry("Ours");
        triggers.deliverFor(tenant.id());
        long ours = triggers.log(null, 10).getFirst().id();

        Tenant other = data.tenant(Plan.BUSINESS);
        data.login(other.admin());

        assertThat(triggers.log(null, 10)).isEmpty();
        assertThatThrownBy(() -> triggers.sendAgain(ours)).isInstanceOf(NotFoundException.class);
    }
}
