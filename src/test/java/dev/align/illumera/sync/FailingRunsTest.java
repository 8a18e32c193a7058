package dev.align.illumera.sync;

import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.mapping.Direction;
import dev.align.notification.Notification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Owners and Admins are told when runs keep failing, not at the first failure, and once per streak. */
class FailingRunsTest extends SyncFixture {

    @AfterEach
    void noFaults() {
        sandbox.delete("/admin/faults");
    }

    private long failingNotices() {
        return notifications.unread().stream().map(Notification::message)
                .filter(m -> m.startsWith("Illumera sync has failed")).count();
    }

    @Test
    void three_failed_runs_over_a_quarter_of_an_hour_tell_owners_and_admins_once() {
        entry("Something to sync");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        // Answers that break the contract: each run fails at once (no retries, no circuit breaker to wait out).
        sandbox.post("/admin/faults", "{\"keyId\": \"" + key.keyId() + "\", \"nonsenseRate\": 1.0}");

        assertThat(runOnce().outcome()).isEqualTo(SyncRun.Outcome.FAILED);
        assertThat(runOnce().outcome()).isEqualTo(SyncRun.Outcome.FAILED);
        assertThat(failingNotices()).as("two failures: likely transient").isZero();
        // The first failure was a while ago (runs every 5 minutes would have taken this long).
        jdbc.sql("UPDATE illumera_sync_run SET started_at = started_at - INTERVAL 20 MINUTE"
                        + " WHERE organisation_id = ? AND outcome = 'FAILED'").param(tenant.id()).update();
        runOnce();

        assertThat(notifications.unread()).filteredOn(n -> n.message().startsWith("Illumera sync has failed"))
                .singleElement().satisfies(n -> assertThat(n.message()).contains("3 times in a row")
                        .contains("Sync history"));
        runOnce();
        assertThat(failingNotices()).as("once per streak, not once per run").isEqualTo(1);
    }
}
