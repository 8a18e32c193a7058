package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.history.SyncHistory.RunFilter;
import dev.align.illumera.inbound.InboundWebhooks;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.sync.SyncRun.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Illumera → Align in seconds with no scheduled run: the sandbox's signed webhook reaches the receiver,
 * which starts a run; a webhook the sandbox loses is made up for by the next scheduled run.
 */
class WebhookRunTest extends SyncFixture {

    @Autowired SyncPush push;
    @Autowired InboundWebhooks webhooks;

    @AfterEach
    void quiet() {
        push.enabled(false);
        sandbox.post("/admin/webhooks/drop-rate", "{\"workspaceId\": \"" + workspace + "\", \"rate\": 0}");
    }

    @Test
    void a_change_in_illumera_arrives_by_webhook_and_a_lost_webhook_by_the_scheduled_run() throws InterruptedException {
        Entry entry = entry("Before");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        webhooks.register();
        push.enabled(true);
        String task = tasks().getFirst().id();

        sandbox.patch("/admin/tasks/" + task, "{\"name\": \"Renamed in Illumera\"}");

        await().pollInSameThread().atMost(Duration.ofSeconds(10)).until(() -> entries.get(entry.getId()).getTitle()
                .equals("Renamed in Illumera"));
        assertThat(history.runs(new RunFilter(null, Trigger.WEBHOOK, null, null), null, 10)).isNotEmpty();
        assertThat(webhooks.status(false).lastEventAt()).isNotNull();

        sandbox.post("/admin/webhooks/drop-rate", "{\"workspaceId\": \"" + workspace + "\", \"rate\": 1}");
        sandbox.patch("/admin/tasks/" + task, "{\"name\": \"Renamed while webhooks are lost\"}");
        Thread.sleep(1500); // what a delivered webhook would have needed
        assertThat(entries.get(entry.getId()).getTitle()).as("lost: nothing started").isEqualTo("Renamed in Illumera");

        // Five minutes later (the interval): the scheduled run.
        jdbc.sql("UPDATE illumera_sync_state SET last_run_at = last_run_at - INTERVAL 6 MINUTE WHERE organisation_id = ?")
                .param(tenant.id()).update();
        assertThat(runner.run(tenant.id(), Trigger.SCHEDULED)).isNotEmpty();

        assertThat(entries.get(entry.getId()).getTitle()).isEqualTo("Renamed while webhooks are lost");
    }
}
