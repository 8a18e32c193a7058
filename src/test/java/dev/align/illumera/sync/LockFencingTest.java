package dev.align.illumera.sync;

import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.sync.SyncRun.Outcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that lost the organisation's lock mid-run (paused past its end while another node took it over)
 * stops at its next step without writing more, and its late release does not free the other node's lock.
 */
class LockFencingTest extends SyncFixture {

    @Test
    void a_run_whose_lock_was_taken_over_stops_before_writing_more_and_leaves_the_lock_to_its_holder() {
        for (int i = 1; i <= 250; i++) {
            entry("Fenced " + i);
        }
        save(ConflictPolicy.ASK_ME, Direction.ALIGN_TO_ILLUMERA, false);
        String lock = SyncRunner.lockName(tenant.id());
        engine.crashAt((step, count) -> {
            if (step.equals("linked") && count == 100) { // while this node was frozen, another took the lock
                jdbc.sql("UPDATE shedlock SET locked_by = 'node-elsewhere', lock_until = UTC_TIMESTAMP(3) + INTERVAL 1 MINUTE"
                        + " WHERE name = ?").param(lock).update();
            }
        });

        SyncRun fenced = runOnce();

        assertThat(fenced.outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(fenced.message()).contains("lost the organisation's lock");
        assertThat(tasks()).as("the first batch only: nothing written after the lock was lost").hasSize(100);
        assertThat(jdbc.sql("SELECT locked_by FROM shedlock WHERE name = ?").param(lock).query(String.class).single())
                .as("its release did not free the other node's lock").isEqualTo("node-elsewhere");

        engine.crashAt(null);
        jdbc.sql("UPDATE shedlock SET lock_until = UTC_TIMESTAMP(3) WHERE name = ?").param(lock).update(); // the other node ends
        SyncRun rest = runOnce();

        assertThat(rest.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(tasks()).as("every entry once, none twice").hasSize(250);
        assertThat(tasks().stream().map(t -> t.externalRef()).distinct().count()).isEqualTo(250);
    }

    @Test
    void a_run_left_running_by_a_node_that_died_is_ended_by_the_next_run_under_the_lock() {
        entry("Orphaned");
        save(ConflictPolicy.ASK_ME, Direction.ALIGN_TO_ILLUMERA, false);
        runOnce();
        jdbc.sql("""
                INSERT INTO illumera_sync_run (organisation_id, run_trigger, node, started_at, outcome, counts)
                VALUES (?, 'SCHEDULED', 'node-killed', UTC_TIMESTAMP(6), 'RUNNING', '{}')""").param(tenant.id()).update();

        SyncRun next = runOnce();

        assertThat(next.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(jdbc.sql("SELECT outcome FROM illumera_sync_run WHERE organisation_id = ? AND node = 'node-killed'"
                + " AND ended_at IS NOT NULL AND message LIKE 'Ended without finishing%'").param(tenant.id())
                .query(String.class).single()).isEqualTo("FAILED");
        assertThat(data.count("SELECT COUNT(*) FROM illumera_sync_run WHERE organisation_id = ? AND outcome = 'RUNNING'",
                tenant.id())).isZero();
    }
}
