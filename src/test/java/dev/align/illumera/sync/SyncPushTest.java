package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryStatus;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.history.SyncHistory.RunFilter;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.sync.SyncRun.Trigger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A person's change reaches Illumera within seconds with no scheduled run (the tick is off in tests):
 * pushed after commit, bursts sharing runs, the sync's own writes never pushed back.
 */
class SyncPushTest extends SyncFixture {

    @Autowired SyncPush push;

    @AfterEach
    void pushOff() {
        push.enabled(false);
    }

    private List<SyncRun> pushRuns() {
        return history.runs(new RunFilter(null, Trigger.PUSH, null, null), null, 100);
    }

    @Test
    void a_change_in_align_reaches_illumera_within_seconds_and_a_burst_shares_runs() {
        Entry entry = entry("Pushed");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        push.enabled(true);

        Entry current = entries.get(entry.getId());
        for (int i = 1; i <= 10; i++) {
            current = entries.update(current.getId(), current.getVersion(), new EntryDraft(project, null,
                    "Pushed, take " + i, EntryStatus.IN_PROGRESS, null, null, null));
        }
        entry("Created after the initial sync");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(tasks()).extracting(Task::name)
                .containsExactlyInAnyOrder("Pushed, take 10", "Created after the initial sync"));
        // Settled: a run of our own gets the lock (no push is running) and finds nothing left to carry.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<SyncRun> runs = runner.run(tenant.id(), Trigger.MANUAL);
            return !runs.isEmpty() && runs.stream()
                    .allMatch(run -> run.count("ENTRY", "UPDATED") + run.count("ENTRY", "CREATED") == 0);
        });
        assertThat(pushRuns()).as("eleven changes, a few runs").isNotEmpty().hasSizeLessThanOrEqualTo(3)
                .allMatch(run -> run.outcome() == SyncRun.Outcome.SUCCEEDED);
        assertThat(links("LINKED")).isEqualTo(2);
        var freshness = sync.status().freshness();
        assertThat(freshness.lastMirroredAt()).as("the card's freshness line").isNotNull();
        assertThat(freshness.runs()).isPositive();
        assertThat(freshness.p95Lag()).isGreaterThanOrEqualTo(java.time.Duration.ZERO);
    }

    @Test
    void what_the_sync_writes_into_align_is_not_pushed_back() throws InterruptedException {
        entry("From Align");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        push.enabled(true);
        sandbox.patch("/admin/tasks/" + tasks().getFirst().id(), "{\"name\": \"Renamed in Illumera\"}");

        SyncRun pulled = runOnce();
        Thread.sleep(1500); // a push would start 0.25 s after the sync's commit

        assertThat(pulled.count("ENTRY", "UPDATED")).isEqualTo(1);
        assertThat(pushRuns()).isEmpty();
    }

    @Test
    void small_runs_reuse_illumera_reference_data_and_other_runs_read_it_afresh() {
        Entry entry = entry("Reference data");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        long members = calls("/members");
        long statuses = calls("/statuses");
        assertThat(members).as("the first run read them").isPositive();
        assertThat(statuses).isPositive();

        rename(entry, "Pushed");
        assertThat(runner.run(tenant.id(), Trigger.PUSH)).singleElement()
                .satisfies(run -> assertThat(run.count("ENTRY", "UPDATED")).isEqualTo(1));
        assertThat(calls("/members")).as("kept on this node for a minute").isEqualTo(members);
        assertThat(calls("/statuses")).isEqualTo(statuses);

        rename(entry, "Synced by hand");
        assertThat(runOnce().count("ENTRY", "UPDATED")).isEqualTo(1);
        assertThat(calls("/members")).as("a manual run reads afresh").isGreaterThan(members);
        assertThat(calls("/statuses")).isGreaterThan(statuses);
        assertThat(tasks()).extracting(Task::name).contains("Synced by hand");
    }

    private void rename(Entry entry, String title) {
        Entry current = entries.get(entry.getId());
        entries.update(current.getId(), current.getVersion(), new EntryDraft(project, null, title, EntryStatus.TODO,
                null, null, null));
    }

    private long calls(String pathEnd) {
        return sandbox.requestLog(key.keyId()).stream().filter(r -> r.path().endsWith(pathEnd)).count();
    }
}
