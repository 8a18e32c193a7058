package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.sync.SyncRun.Outcome;
import dev.align.illumera.sync.SyncRun.Trigger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The nightly drift check (issue 13, item 9) finds what diverged without any change being seen (a
 * lost webhook, an edit while disconnected, a bug), repairs it by the policy and reports it.
 */
class DriftCheckTest extends SyncFixture {

    @Autowired DriftCheck drift;

    @Test
    void the_drift_check_repairs_what_silently_diverged_on_either_side_and_says_so() {
        Entry quiet = entry("Edited behind the outbox");
        Entry lost = entry("Lost in Illumera");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        // Time passes: the outbox's look-back (for transactions committing late) no longer covers the creates.
        jdbc.sql("UPDATE work_change SET occurred_at = occurred_at - INTERVAL 1 HOUR WHERE organisation_id = ?")
                .param(tenant.id()).update();
        runOnce();
        // Align: a change that reached no outbox (as a bug or a restore would make it).
        jdbc.sql("UPDATE entry SET title = 'Changed without a trace', version = version + 1 WHERE id = ?")
                .param(quiet.getId()).update();
        // Illumera: a change the engine takes for its own echo (as if its webhook and feed entry were lost).
        Task task = tasks().stream().filter(t -> t.name().equals("Lost in Illumera")).findFirst().orElseThrow();
        jdbc.sql("UPDATE illumera_link SET illumera_version = 1000000 WHERE organisation_id = ? AND align_id = ?")
                .params(tenant.id(), lost.getId()).update();
        sandbox.patch("/admin/tasks/" + task.id(), "{\"name\": \"Renamed, never seen\"}");
        SyncRun ordinary = runOnce();
        assertThat(ordinary.count("ENTRY", "UPDATED")).as("an ordinary run sees neither").isZero();

        assertThat(drift.requestAll()).isPositive();
        SyncRun check = runOnce();

        assertThat(check.trigger()).isEqualTo(Trigger.DRIFT);
        assertThat(check.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(check.count("DRIFT", "REPAIRED")).isEqualTo(2);
        assertThat(check.message()).contains("2 records were repaired");
        assertThat(tasks()).extracting(Task::name).contains("Changed without a trace");
        assertThat(entries.get(lost.getId()).getTitle()).isEqualTo("Renamed, never seen");
        assertThat(sync.status().lastDriftCheck()).satisfies(r -> assertThat(r.id()).isEqualTo(check.id()));
        SyncRun next = runOnce();
        assertThat(next.trigger()).as("once a night, not every run").isEqualTo(Trigger.MANUAL);
    }
}
