package dev.align.illumera.inbound;

import dev.align.audit.AuditTrail;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.client.IllumeraClients;
import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.SandboxAdmin;
import dev.align.support.Tenant;
import dev.align.support.SecondNode;
import dev.align.support.TestData;
import dev.align.webhooks.StandardWebhooks;
import dev.align.webhooks.WebhookSecret;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The webhook receiver over real HTTP: registration through Illumera's API, then deliveries signed as
 * Illumera signs them — valid, several signatures, tampered, wrong secret, the ±5 min edge, missing
 * headers, too large, not JSON, unknown address, one delivery posted 100 times at once to two nodes.
 */
@AlignIntegration
class InboundWebhooksTest {

    @Autowired InboundWebhooks webhooks;
    @Autowired IllumeraAddOnService addOn;
    @Autowired IllumeraClients clients;
    @Autowired SandboxAdmin sandbox;
    @Autowired TestData data;
    @Autowired AuditTrail audit;
    @Autowired Environment environment;
    @Autowired javax.sql.DataSource dataSource;
    private static ConfigurableApplicationContext nodeB;

    private final HttpClient http = HttpClient.newHttpClient();
    Tenant tenant;
    String workspace;
    SandboxAdmin.Key key;
    String url;
    WebhookSecret secret;

    @BeforeEach
    void register() {
        tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.admin());
        workspace = sandbox.newWorkspace("Webhooks " + UUID.randomUUID().toString().substring(0, 6));
        key = sandbox.newKey(workspace, null);
        addOn.connect(key.key(), workspace);
        var view = addOn.settings();
        addOn.saveSettings(new dev.align.illumera.AddOnSettings(dev.align.illumera.mapping.MappingModel.Mapping.defaults(
                dev.align.illumera.mapping.Direction.BIDIRECTIONAL, view.schema()), dev.align.illumera.ConflictPolicy.ASK_ME,
                java.util.Set.of(), false), view.version(), true);
        assertThat(webhooks.status(false).url()).as("no address before the first registration").isNull();

        InboundWebhooks.Status status = webhooks.register();

        url = status.url();
        secret = WebhookSecret.parse(webhooks.revealSecrets().get(workspace));
    }

    @AfterEach
    void signOut() {
        data.logout();
    }

    private int post(String target, String id, Long timestamp, String signature, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(target)).header("Content-Type", "application/json");
        if (id != null) {
            request.header(StandardWebhooks.ID, id);
        }
        if (timestamp != null) {
            request.header(StandardWebhooks.TIMESTAMP, String.valueOf(timestamp));
        }
        if (signature != null) {
            request.header(StandardWebhooks.SIGNATURE, signature);
        }
        return http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A delivery signed with {@code with}, {@code skew} seconds away from now. */
    private int deliver(String id, String body, WebhookSecret with, long skew) throws Exception {
        long timestamp = Instant.now().getEpochSecond() + skew;
        return post(url, id, timestamp, StandardWebhooks.sign(with, id, timestamp, body), body);
    }

    private static String event(String taskId) {
        return "{\"type\":\"task.updated\",\"workspaceId\":\"ws_1\",\"occurredAt\":\"2026-12-02T09:00:00Z\","
                + "\"data\":{\"id\":\"" + taskId + "\",\"name\":\"Ünïcode ✓\"}}";
    }

    @Test
    void registering_lists_the_webhook_in_illumera_with_an_unguessable_address_and_is_audited() {
        var status = webhooks.status(true);

        assertThat(status.registeredLive()).isTrue();
        assertThat(status.liveCheck()).isEqualTo("Registered in the synced workspace");
        assertThat(status.registered()).isEqualTo(1);
        assertThat(url).startsWith("http://127.0.0.1:" + environment.getProperty("local.server.port")
                + InboundWebhooks.PATH).hasSizeGreaterThan(60);
        assertThat(clients.forOrganisation(tenant.id(), key.key()).webhooks(workspace))
                .singleElement().satisfies(w -> assertThat(w.url()).isEqualTo(url));
        assertThat(audit.forOrganisation(dev.align.audit.AuditQuery.action("illumera.webhook-registered"), null, 5))
                .hasSize(1);
        assertThat(audit.forOrganisation(dev.align.audit.AuditQuery.action("illumera.webhook-secret-revealed"), null,
                5)).as("the secret shown in setUp").hasSize(1);
    }

    @Test
    void each_kind_of_delivery_gets_its_answer_and_only_valid_ones_count() throws Exception {
        String body = event("tsk_1");
        long now = Instant.now().getEpochSecond();

        assertThat(deliver("msg_valid", body, secret, 0)).isEqualTo(204);
        assertThat(deliver("msg_valid", body, secret, 0)).as("the same webhook-id again").isEqualTo(200);
        assertThat(post(url, "msg_several", now, "v1,bm90IHRoaXMgb25l " + StandardWebhooks.sign(secret, "msg_several",
                now, body), body)).as("one of several signatures").isEqualTo(204);
        assertThat(post(url, "msg_tampered", now, StandardWebhooks.sign(secret, "msg_tampered", now, body),
                body.replace("tsk_1", "tsk_2"))).isEqualTo(401);
        assertThat(deliver("msg_other_secret", body, WebhookSecret.generate(), 0)).isEqualTo(401);
        assertThat(deliver("msg_299_old", body, secret, -299)).isEqualTo(204);
        assertThat(deliver("msg_299_ahead", body, secret, 299)).isEqualTo(204);
        assertThat(deliver("msg_301_old", body, secret, -301)).isEqualTo(401);
        assertThat(deliver("msg_301_ahead", body, secret, 301)).isEqualTo(401);
        assertThat(post(url, null, now, "v1,x", body)).isEqualTo(400);
        assertThat(post(url, "msg_no_signature", now, null, body)).isEqualTo(400);
        assertThat(deliver("msg_not_json", "{\"type\": ", secret, 0)).isEqualTo(400);
        assertThat(deliver("msg_no_type", "[1, 2]", secret, 0)).isEqualTo(400);
        String large = "{\"type\":\"task.updated\",\"data\":{\"id\":\"" + "x".repeat(1024 * 1024) + "\"}}";
        assertThat(deliver("msg_large", large, secret, 0)).isEqualTo(413);
        assertThat(post(url.substring(0, url.lastIndexOf('/') + 1) + "no-such-token", "msg_x", now, "v1,x", body))
                .isEqualTo(404);

        var status = webhooks.status(false);
        assertThat(status.rejected()).as("tampered, other secret, two stale, two without headers, two not events,"
                + " too large").isEqualTo(9);
        assertThat(status.lastEventAt()).isNotNull();
        assertThat(status.lastRejection()).contains("1 MiB");
    }

    @Test
    void one_delivery_posted_a_hundred_times_at_once_to_two_nodes_has_one_effect() throws Exception {
        String atNodeB = url.replaceFirst("^(http://[^/:]+):\\d+", "$1:" + nodeB().getEnvironment().getProperty("local.server.port"));
        assertThat(atNodeB).isNotEqualTo(url);
        String body = event("tsk_race");
        long timestamp = Instant.now().getEpochSecond();
        String signature = StandardWebhooks.sign(secret, "msg_race", timestamp, body);
        List<Future<Integer>> answers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 100; i++) {
                String target = i % 2 == 0 ? url : atNodeB;
                answers.add(threads.submit(() -> post(target, "msg_race", timestamp, signature, body)));
            }
        }
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            codes.add(answer.get());
        }

        assertThat(codes).filteredOn(code -> code == 204).hasSize(1);
        assertThat(codes).filteredOn(code -> code == 200).hasSize(99);
        assertThat(data.count("SELECT COUNT(*) FROM illumera_webhook_event WHERE organisation_id = ? AND message_id = ?",
                tenant.id(), "msg_race")).isEqualTo(1);
        assertThat(post(atNodeB, "msg_forged", timestamp, signature, body)).as("node B verifies too").isEqualTo(401);
    }

    /**
     * A second Align node (web, on its own port) on this test's database and keyset, as a second instance
     * behind a load balancer would be; started once, for the replay test.
     */
    private ConfigurableApplicationContext nodeB() {
        if (nodeB == null) {
            nodeB = SecondNode.start(environment, dataSource, "webhook-node-b", true,
                    "--align.scheduling.enabled=false", "--illumera.sync.push=false");
        }
        return nodeB;
    }

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
            nodeB = null;
        }
    }

    @Test
    void rotating_keeps_the_address_accepts_both_secrets_for_a_while_and_removes_the_old_webhook() throws Exception {
        var client = clients.forOrganisation(tenant.id(), key.key());
        String oldWebhook = client.webhooks(workspace).getFirst().id();

        var rotated = webhooks.register();
        WebhookSecret newSecret = WebhookSecret.parse(webhooks.revealSecrets().get(workspace));

        assertThat(rotated.url()).isEqualTo(url);
        assertThat(newSecret).isNotEqualTo(secret);
        assertThat(deliver("msg_old_secret", event("tsk_1"), secret, 0)).as("signed before the rotation").isEqualTo(204);
        assertThat(deliver("msg_new_secret", event("tsk_1"), newSecret, 0)).isEqualTo(204);
        assertThat(client.webhooks(workspace)).singleElement()
                .satisfies(w -> assertThat(w.id()).isNotEqualTo(oldWebhook));
        assertThat(rotated.registeredLive()).isTrue();
        assertThat(audit.forOrganisation(dev.align.audit.AuditQuery.action("illumera.webhook-secret-rotated"), null,
                5)).hasSize(1);
    }

    @Test
    void after_a_disconnect_deliveries_are_answered_gone_so_that_illumera_stops_sending() throws Exception {
        assertThat(deliver("msg_connected", event("tsk_1"), secret, 0)).isEqualTo(204);

        addOn.disconnect();

        assertThat(deliver("msg_disconnected", event("tsk_1"), secret, 0)).isEqualTo(410);
        assertThat(deliver("msg_forged", event("tsk_1"), WebhookSecret.generate(), 0)).as("still verified first")
                .isEqualTo(401);
    }

    @Test
    void another_organisation_sees_nothing_of_it_and_cannot_reveal_its_secret() {
        Tenant other = data.tenant(Plan.BUSINESS);
        data.login(other.admin());

        assertThat(webhooks.status(false).url()).isNull();
        assertThatThrownBy(() -> webhooks.revealSecrets()).isInstanceOf(dev.align.base.InvalidInputException.class);
    }
}
