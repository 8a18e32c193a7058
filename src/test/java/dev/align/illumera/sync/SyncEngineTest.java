package dev.align.illumera.sync;

import dev.align.audit.AuditQuery;
import dev.align.audit.AuditTrail;
import dev.align.base.NotFoundException;
import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.client.IllumeraModel.NewTask;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.sync.SyncRun.Outcome;
import dev.align.illumera.sync.SyncRun.Trigger;
import dev.align.organisation.Plan;
import dev.align.project.ProjectDraft;
import dev.align.support.SandboxAdmin;
import dev.align.support.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The engine end to end (see {@link SyncFixture}). */
class SyncEngineTest extends SyncFixture {

    @Test
    void the_initial_sync_links_what_exists_creates_the_rest_and_the_dry_run_said_so() {
        Entry alpha = entry("Alpha");
        entry("Beta");
        entry("Gamma");
        task("Alpha (copied by hand)", "align:entry:" + alpha.getId());
        task("beta ", null);
        task("Delta", null);
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);

        DryRun preview = sync.dryRun(addOn.settings().settings());
        assertThat(preview.link()).isEqualTo(2);
        assertThat(preview.createInIllumera()).isEqualTo(1);
        assertThat(preview.createInAlign()).isEqualTo(1);
        assertThat(preview.sampleCreatesInIllumera()).containsExactly("Gamma");
        assertThat(preview.sampleCreatesInAlign()).containsExactly("Delta");
        assertThat(tasks()).hasSize(3).as("the preview writes nothing");

        SyncRun run = runOnce();

        assertThat(run.trigger()).isEqualTo(Trigger.INITIAL);
        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.count("ENTRY", "LINKED")).isEqualTo(preview.link());
        assertThat(run.count("ENTRY", "CREATED")).isEqualTo(preview.createInIllumera() + preview.createInAlign());
        assertThat(tasks()).hasSize(4);
        assertThat(tasks()).extracting(Task::name).containsExactlyInAnyOrder("Alpha (copied by hand)", "beta ",
                "Delta", "Gamma");
        assertThat(links("LINKED")).isEqualTo(4);
        var titles = entries.list(new dev.align.entry.EntryFilter(null, null, null, null), 0, 50).stream()
                .map(Entry::getTitle).toList();
        assertThat(titles).containsExactlyInAnyOrder("Alpha", "Beta", "Gamma", "Delta");

        assertThat(meters.get("illumera.sync.runs").tag("trigger", "INITIAL").tag("outcome", "SUCCEEDED").counter()
                .count()).isPositive();
        assertThat(meters.get("illumera.sync.records").tag("type", "ENTRY").tag("action", "LINKED").counter().count())
                .isGreaterThanOrEqualTo(2);
        assertThat(meters.get("illumera.sync.duration").tag("trigger", "INITIAL").timer().count()).isPositive();

        SyncRun again = runOnce();
        assertThat(again.trigger()).isEqualTo(Trigger.MANUAL);
        assertThat(again.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(again.count("ENTRY", "CREATED")).isZero();
        assertThat(tasks()).hasSize(4);
        assertThat(links("LINKED")).isEqualTo(4);
    }

    @Test
    void a_run_killed_at_any_step_of_its_creates_ends_with_every_entry_linked_exactly_once() {
        for (int i = 1; i <= 230; i++) {
            entry("Entry " + i);
        }
        save(ConflictPolicy.ASK_ME, Direction.ALIGN_TO_ILLUMERA, false);
        // Killed after Illumera answered the first batch but before any link was written, then right after
        // a batch's links were written (in one transaction), then right after a batch's pending links,
        // before any call.
        // Each run after a crash first completes the interrupted creates, then plans what is left.
        List<Map.Entry<String, Integer>> crashes = List.of(Map.entry("answered", 0), Map.entry("linked", 100),
                Map.entry("pending-written", 0));
        for (var crash : crashes) {
            engine.crashAt((step, count) -> {
                if (step.equals(crash.getKey()) && count == crash.getValue()) {
                    throw new IllegalStateException("killed at " + step + " " + count);
                }
            });
            SyncRun killed = runOnce();
            assertThat(killed.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(killed.message()).contains("killed at " + crash.getKey());
        }
        engine.crashAt(null);

        SyncRun finished = runOnce();

        assertThat(finished.outcome()).isEqualTo(Outcome.SUCCEEDED);
        List<Task> tasks = tasks();
        Map<String, Long> perEntry = tasks.stream().collect(Collectors.groupingBy(Task::externalRef, Collectors.counting()));
        assertThat(tasks).hasSize(230);
        assertThat(perEntry).hasSize(230).allSatisfy((ref, count) -> assertThat(count).isEqualTo(1));
        assertThat(links("LINKED")).isEqualTo(230);
        assertThat(links("PENDING")).isZero();
    }

    @Test
    void a_plan_without_the_add_on_stops_the_sync_and_an_upgrade_resumes_from_the_links(@Autowired SyncStates states) {
        Entry entry = entry("Plan the launch");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        Task task = tasks().getFirst();
        jdbc.sql("UPDATE organisation SET plan = 'STARTER' WHERE id = ?").param(tenant.id()).update();
        entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project, null, "Plan the small launch",
                EntryStatus.TODO, null, null, null));
        sandbox.patch("/admin/tasks/" + task.id(), "{\"status\": \"doing\"}");

        assertThat(runner.run(tenant.id(), Trigger.MANUAL)).as("no run while the plan leaves the add-on out").isEmpty();
        assertThat(states.due(java.time.Instant.now().plusSeconds(3600))).doesNotContain(tenant.id());
        assertThat(illumera.task(task.id()).name()).isEqualTo("Plan the launch");
        assertThat(entries.get(entry.getId()).getStatus()).isEqualTo(EntryStatus.TODO);

        jdbc.sql("UPDATE organisation SET plan = 'BUSINESS' WHERE id = ?").param(tenant.id()).update();
        assertThat(states.due(java.time.Instant.now().plusSeconds(3600))).contains(tenant.id());
        SyncRun resumed = runOnce();

        assertThat(resumed.count("ENTRY", "CREATED")).as("the links were kept: nothing created twice").isZero();
        assertThat(tasks()).hasSize(1);
        assertThat(illumera.task(task.id()).name()).as("what changed meanwhile flows").isEqualTo("Plan the small launch");
        assertThat(entries.get(entry.getId()).getStatus()).isEqualTo(EntryStatus.IN_PROGRESS);
    }

    @Test
    void changes_flow_both_ways_once_and_nothing_echoes_back() {
        Entry entry = entry("Write the guide");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        Task task = tasks().getFirst();

        Entry renamed = entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project, null,
                "Write the user guide", EntryStatus.IN_PROGRESS, null, LocalDate.now().plusDays(3), null));
        SyncRun pushed = runOnce();
        Task afterPush = illumera.task(task.id());
        assertThat(pushed.count("ENTRY", "UPDATED")).isEqualTo(1);
        assertThat(afterPush.name()).isEqualTo("Write the user guide");
        assertThat(afterPush.dueDate()).isEqualTo(LocalDate.now().plusDays(3));
        assertThat(afterPush.version()).isGreaterThan(task.version());

        SyncRun quiet = runOnce();
        assertThat(quiet.count("ENTRY", "UPDATED")).as("the task's new version is the sync's own write").isZero();
        assertThat(illumera.task(task.id()).version()).isEqualTo(afterPush.version());

        sandbox.patch("/admin/tasks/" + task.id(), "{\"name\": \"Write the admin guide\"}");
        SyncRun pulled = runOnce();
        Entry afterPull = entries.get(entry.getId());
        assertThat(pulled.count("ENTRY", "UPDATED")).isEqualTo(1);
        assertThat(afterPull.getTitle()).isEqualTo("Write the admin guide");
        assertThat(afterPull.getLastChangeOrigin()).isEqualTo(dev.align.outbox.ChangeOrigin.SYNC);
        assertThat(afterPull.getVersion()).isGreaterThan(renamed.getVersion());

        var pushedItems = history.records(pushed.id(), "UPDATED", 0, 10);
        assertThat(pushedItems).singleElement().satisfies(item -> {
            assertThat(item.direction()).isEqualTo("TO_ILLUMERA");
            assertThat(item.changes()).as("by name, not by key").contains(
                    new dev.align.illumera.history.SyncHistory.FieldChange("ENTRY_TITLE", "Entry title", "Write the guide",
                            "Write the user guide"),
                    new dev.align.illumera.history.SyncHistory.FieldChange("ENTRY_STATUS", "Entry status",
                            "To do (Illumera: todo)", "In progress (Illumera: doing)"));
            assertThat(item.entryTitle()).isEqualTo("Write the admin guide");
        });
        assertThat(history.entryHistory(entry.getId(), null, 50)).extracting(dev.align.illumera.history.SyncHistory.RunRecord::direction)
                .contains("TO_ILLUMERA", "TO_ALIGN");
        Tenant other = data.tenant(Plan.BUSINESS);
        data.login(other.admin());
        assertThat(history.records(pushed.id(), null, 0, 10)).as("another organisation's run shows nothing").isEmpty();
        data.login(tenant.admin());

        Task beforeQuiet = illumera.task(task.id());
        SyncRun quietAgain = runOnce();
        assertThat(quietAgain.count("ENTRY", "UPDATED")).as("the sync's write to Align is not pushed back").isZero();
        assertThat(illumera.task(task.id()).version()).isEqualTo(beforeQuiet.version());
    }

    @Test
    void under_ask_me_a_field_changed_on_both_sides_waits_and_the_other_fields_still_sync() {
        Entry entry = entry("Plan the launch");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        Task task = tasks().getFirst();

        entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project, null, "Plan the big launch",
                EntryStatus.TODO, null, LocalDate.now().plusDays(9), null));
        sandbox.patch("/admin/tasks/" + task.id(), "{\"name\": \"Plan the small launch\"}");
        SyncRun run = runOnce();

        assertThat(run.count("ENTRY", "CONFLICT")).isEqualTo(1);
        assertThat(entries.get(entry.getId()).getTitle()).isEqualTo("Plan the big launch");
        Task now = illumera.task(task.id());
        assertThat(now.name()).isEqualTo("Plan the small launch");
        assertThat(now.dueDate()).as("the due date changed on one side only and still syncs")
                .isEqualTo(LocalDate.now().plusDays(9));
        var conflicts = history.openConflicts(0, 10);
        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("ENTRY_TITLE");
            assertThat(c.baseValue()).isEqualTo("Plan the launch");
            assertThat(c.alignValue()).isEqualTo("Plan the big launch");
            assertThat(c.illumeraValue()).isEqualTo("Plan the small launch");
        });
        runOnce();
        assertThat(history.openConflicts(0, 10)).as("a conflict is stored once, not once per run").hasSize(1);

        Tenant other = data.tenant(Plan.BUSINESS);
        data.login(other.admin());
        assertThat(history.openConflicts(0, 10)).as("another organisation sees none of them").isEmpty();
        long foreign = conflicts.getFirst().id();
        assertThatThrownBy(() -> sync.resolve(foreign, IllumeraSync.Choice.ALIGN)).isInstanceOf(NotFoundException.class);
        data.login(tenant.admin());

        sync.resolve(conflicts.getFirst().id(), IllumeraSync.Choice.ILLUMERA);
        // Resolving starts a run in the background.
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(entries.get(entry.getId()).getTitle()).isEqualTo("Plan the small launch"));
        assertThat(illumera.task(task.id()).name()).isEqualTo("Plan the small launch");
        assertThat(history.openConflicts(0, 10)).isEmpty();
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.conflict-resolved"), null, 5))
                .singleElement().satisfies(r -> assertThat(r.difference()).contains("Plan the small launch"));
        assertThat(runOnce().count("ENTRY", "CONFLICT")).isZero();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = ConflictPolicy.class, names = {"ALIGN_WINS", "ILLUMERA_WINS",
            "MOST_RECENT"})
    void a_policy_decides_without_asking(ConflictPolicy policy) {
        Entry entry = entry("Ship it");
        save(policy, Direction.BIDIRECTIONAL, false);
        runOnce();
        Task task = tasks().getFirst();
        entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project, null, "Ship it today",
                EntryStatus.TODO, null, null, null));
        // Illumera's edit is the later one: "most recent" chooses it.
        sandbox.patch("/admin/tasks/" + task.id(), "{\"name\": \"Ship it tomorrow\"}");

        SyncRun run = runOnce();

        String expected = policy == ConflictPolicy.ALIGN_WINS ? "Ship it today" : "Ship it tomorrow";
        assertThat(run.count("ENTRY", "CONFLICT")).isZero();
        assertThat(history.records(run.id(), "UPDATED", 0, 10)).flatExtracting(r -> r.changes())
                .as("the history says which policy decided")
                .anySatisfy(c -> assertThat(c.decidedBy()).isEqualTo("the conflict policy: " + policy.label()));
        assertThat(illumera.task(task.id()).name()).isEqualTo(expected);
        assertThat(entries.get(entry.getId()).getTitle()).isEqualTo(expected);
        assertThat(history.openConflicts(0, 10)).isEmpty();
    }

    @Test
    void the_copies_an_illumera_import_rule_makes_are_duplicates_never_synced_back() {
        // Illumera's own import rule copies every task created with an align: reference once more.
        sandbox.post("/admin/workspaces/" + workspace + "/import-rules", "{\"source\": \"align\", \"enabled\": true}");
        entry("Original one");
        entry("Original two");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false); // the loop risk confirmed, as a person would

        runOnce();
        assertThat(tasks()).as("our two tasks and the rule's two copies").hasSize(4);
        SyncRun run = runOnce();

        assertThat(run.count("ENTRY", "DUPLICATE")).isEqualTo(2);
        assertThat(run.count("ENTRY", "CREATED")).isZero();
        assertThat(data.count("SELECT COUNT(*) FROM illumera_duplicate WHERE organisation_id = ?", tenant.id())).isEqualTo(2);
        assertThat(data.count("SELECT COUNT(*) FROM entry WHERE organisation_id = ?", tenant.id())).isEqualTo(2);
        SyncRun quiet = runOnce();
        assertThat(quiet.count("ENTRY", "DUPLICATE")).as("recorded once").isZero();
        assertThat(quiet.count("ENTRY", "CREATED")).isZero();
        assertThat(tasks()).hasSize(4);
    }

    @Test
    void an_expired_key_pauses_the_connection_notifies_audits_and_stops_calling() {
        entry("Anything");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        sandbox.post("/admin/keys/" + key.keyId() + "/expire", "{}");

        SyncRun run = runOnce();

        assertThat(run.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(run.message()).contains("expired");
        assertThat(data.count("SELECT COUNT(*) FROM illumera_connection WHERE organisation_id = ? AND state = 'KEY_EXPIRED'",
                tenant.id())).isEqualTo(1);
        assertThat(notifications.unread()).anySatisfy(n -> assertThat(n.message()).contains("expired"));
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.key-expired"), null, 5)).hasSize(1);
        int calls = sandbox.requests(key.keyId());
        assertThat(runner.run(tenant.id(), Trigger.SCHEDULED)).isEmpty();
        assertThat(runner.run(tenant.id(), Trigger.MANUAL)).isEmpty();
        assertThat(sandbox.requests(key.keyId())).as("no call after the pause").isEqualTo(calls);
    }

    @Test
    void a_run_that_would_create_far_more_than_usual_pauses_with_the_reason() {
        entry("One");
        entry("Two");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        sandbox.post("/admin/workspaces/" + workspace + "/tasks/bulk", "{\"count\": 120, \"namePrefix\": \"Imported\"}");

        SyncRun run = runOnce();

        assertThat(run.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(run.message()).contains("would create 120");
        assertThat(sync.pausedReason()).contains("would create 120");
        assertThat(notifications.unread()).as("Owners and Admins are told in the app").singleElement()
                .satisfies(n -> assertThat(n.message()).startsWith("Illumera sync paused:").contains("would create 120")
                        .contains("Resume"));
        assertThat(data.count("SELECT COUNT(*) FROM entry WHERE organisation_id = ?", tenant.id())).isEqualTo(2);
        assertThat(runner.run(tenant.id(), Trigger.SCHEDULED)).as("paused: not scheduled").isEmpty();

        sync.resume(true);
        // Resuming starts a run in the background; it may make the large change once.
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                data.count("SELECT COUNT(*) FROM entry WHERE organisation_id = ?", tenant.id())).isEqualTo(122));
        assertThat(sync.pausedReason()).isNull();
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.sync-resumed"), null, 5)).hasSize(1);
    }

    @Test
    void deletes_are_recorded_and_propagated_only_when_the_connection_says_so() {
        Entry kept = entry("Kept elsewhere");
        Entry gone = entry("Gone everywhere");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        entries.delete(kept.getId(), kept.getVersion());

        SyncRun recorded = runOnce();
        assertThat(recorded.count("ENTRY", "DELETED")).isEqualTo(1);
        assertThat(tasks()).extracting(Task::name).contains("Kept elsewhere");

        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, true);
        Entry current = entries.get(gone.getId());
        entries.delete(current.getId(), current.getVersion());
        SyncRun propagated = runOnce();
        assertThat(propagated.count("ENTRY", "DELETED")).isEqualTo(1);
        assertThat(tasks()).extracting(Task::name).doesNotContain("Gone everywhere");

        Entry archivedHere = entry("Archived here");
        runOnce();
        Task itsTask = tasks().stream().filter(t -> t.name().equals("Archived here")).findFirst().orElseThrow();
        sandbox.delete("/admin/tasks/" + itsTask.id());
        SyncRun archived = runOnce();
        assertThat(archived.count("ENTRY", "DELETED")).isEqualTo(1);
        assertThat(entries.get(archivedHere.getId()).getStatus()).as("archived in Align, nothing lost")
                .isEqualTo(EntryStatus.CANCELLED);
    }

    @Test
    void disconnecting_stops_a_run_at_its_next_step_and_reconnecting_resumes_without_duplicates() throws Exception {
        for (int i = 1; i <= 150; i++) {
            entry("Stop me " + i);
        }
        save(ConflictPolicy.ASK_ME, Direction.ALIGN_TO_ILLUMERA, false);
        var paused = new java.util.concurrent.CountDownLatch(1);
        var disconnected = new java.util.concurrent.CountDownLatch(1);
        engine.crashAt((step, count) -> {
            if (step.equals("answered") && count == 0) {
                paused.countDown();
                try {
                    disconnected.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        var running = java.util.concurrent.CompletableFuture.supplyAsync(() -> runner.run(tenant.id(), Trigger.MANUAL));
        assertThat(paused.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        addOn.disconnect();
        disconnected.countDown();
        SyncRun stopped = running.get(30, java.util.concurrent.TimeUnit.SECONDS).getFirst();
        engine.crashAt(null);

        assertThat(stopped.outcome()).isEqualTo(Outcome.STOPPED);
        assertThat(tasks()).as("the batch in flight finished; the next one was never sent").hasSize(100);
        assertThat(runner.run(tenant.id(), Trigger.MANUAL)).as("nothing runs while disconnected").isEmpty();

        addOn.connect(key.key(), workspace);
        SyncRun resumed = runOnce();
        assertThat(resumed.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(tasks()).hasSize(150);
        assertThat(tasks().stream().map(Task::externalRef).distinct()).hasSize(150);
    }

    @Test
    void a_workspace_paired_after_the_initial_sync_brings_its_existing_tasks() {
        var second = illumera.createWorkspace("Second " + UUID.randomUUID().toString().substring(0, 6), null,
                UUID.randomUUID().toString());
        illumera.createTask(new NewTask(second.id(), "Already there", "todo", null, null, null, null, null),
                UUID.randomUUID().toString());
        entry("At home");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        assertThat(data.count("SELECT COUNT(*) FROM entry WHERE organisation_id = ?", tenant.id()))
                .as("with the Project row off only the home workspace syncs").isEqualTo(1);

        switchProjectRowOn();
        SyncRun run = runOnce();

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        var titles = entries.list(new dev.align.entry.EntryFilter(null, null, null, null), 0, 50).stream()
                .map(Entry::getTitle).toList();
        assertThat(titles).containsExactlyInAnyOrder("At home", "Already there");
        assertThat(projects.all()).extracting(p -> p.getName()).contains(second.name());
    }

    @Test
    void edits_made_between_two_attempts_of_an_initial_sync_are_not_lost() {
        Entry matched = entry("Matched early");
        task("Matched early", null);
        entry("Created late");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        killAt("answered", "killed after the pairs were decided");
        assertThat(runOnce().outcome()).isEqualTo(Outcome.FAILED);
        engine.crashAt(null);
        Task task = tasks().stream().filter(t -> t.name().equals("Matched early")).findFirst().orElseThrow();
        sandbox.patch("/admin/tasks/" + task.id(), "{\"name\": \"Renamed between attempts\"}");

        assertThat(runOnce().trigger()).isEqualTo(Trigger.INITIAL);
        runOnce();

        assertThat(entries.get(matched.getId()).getTitle()).isEqualTo("Renamed between attempts");
        assertThat(tasks()).hasSize(2);
    }

    @Test
    void a_task_deleted_in_illumera_keeps_an_entry_changed_in_align_since() {
        Entry entry = entry("Still wanted");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, true);
        runOnce();
        Task task = tasks().getFirst();
        Entry current = entries.get(entry.getId());
        entries.update(current.getId(), current.getVersion(), new EntryDraft(project, null, "Still wanted, edited",
                EntryStatus.TODO, null, null, null));
        sandbox.delete("/admin/tasks/" + task.id());

        SyncRun run = runOnce();

        assertThat(run.count("ENTRY", "DELETED")).isEqualTo(1);
        assertThat(entries.get(entry.getId()).getTitle()).isEqualTo("Still wanted, edited");
    }

    @Test
    void one_way_to_illumera_with_no_project_paired_to_home_still_links_what_exists() {
        var current = projects.get(project);
        projects.update(project, current.getVersion(), new ProjectDraft("Not the workspace's name", null));
        entry("Exists on both sides");
        task("Exists on both sides", null);
        save(ConflictPolicy.ASK_ME, Direction.ALIGN_TO_ILLUMERA, false);

        SyncRun run = runOnce();

        assertThat(run.count("ENTRY", "LINKED")).isEqualTo(1);
        assertThat(tasks()).as("matched, not created again").hasSize(1);
    }

    @Test
    void a_field_align_alone_sources_is_not_pushed_over_an_imported_task_s_value() {
        task("Imported", null);
        var view = addOn.settings();
        Mapping defaults = Mapping.defaults(Direction.BIDIRECTIONAL, view.schema());
        Mapping mapping = defaults.withRow(defaults.row(AlignField.PROJECT).switchedOn(false))
                .withRow(defaults.row(AlignField.ENTRY_STATUS).withDirection(Direction.ALIGN_TO_ILLUMERA));
        addOn.saveSettings(new AddOnSettings(mapping, ConflictPolicy.ASK_ME, Set.of(), false), view.version(), true);
        Task task = tasks().getFirst();
        sandbox.patch("/admin/tasks/" + task.id(), "{\"status\": \"doing\"}");
        runOnce();

        sandbox.patch("/admin/tasks/" + task.id(), "{\"name\": \"Imported, renamed\"}");
        runOnce();

        Task now = illumera.task(task.id());
        assertThat(now.name()).isEqualTo("Imported, renamed");
        assertThat(now.status()).as("Illumera's own status stays; Align did not change its").isEqualTo("doing");
    }

    @Test
    void pairing_a_large_workspace_later_pauses_like_any_run_far_larger_than_usual() {
        var second = illumera.createWorkspace("Large " + UUID.randomUUID().toString().substring(0, 6), null,
                UUID.randomUUID().toString());
        sandbox.post("/admin/workspaces/" + second.id() + "/tasks/bulk", "{\"count\": 60, \"namePrefix\": \"Old\"}");
        entry("At home");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        switchProjectRowOn();

        SyncRun run = runOnce();

        assertThat(run.outcome()).isEqualTo(Outcome.PAUSED);
        assertThat(run.message()).contains("would create 60");
        assertThat(data.count("SELECT COUNT(*) FROM entry WHERE organisation_id = ?", tenant.id())).isEqualTo(1);
        sync.resume(true);
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                data.count("SELECT COUNT(*) FROM entry WHERE organisation_id = ?", tenant.id())).isEqualTo(61));
    }

    @Test
    void connecting_to_another_workspace_starts_afresh_even_after_a_run_that_straggled() {
        Entry entry = entry("Moves along");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        String other = sandbox.newWorkspace("Other " + UUID.randomUUID().toString().substring(0, 6));
        SandboxAdmin.Key otherKey = sandbox.newKey(other, null);

        addOn.connect(otherKey.key(), other);
        // A run still in flight against the old workspace writes one more link after the reset:
        jdbc.sql("""
                        INSERT INTO illumera_link (organisation_id, record_type, align_id, illumera_id, workspace_id, state,
                                                   base, created_at, updated_at)
                        VALUES (?, 'ENTRY', ?, 'tsk_straggler', ?, 'LINKED', '{}', NOW(6), NOW(6))""")
                .params(tenant.id(), entry.getId(), workspace).update();
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        SyncRun run = runOnce();

        assertThat(run.trigger()).isEqualTo(Trigger.INITIAL);
        assertThat(clients.forOrganisation(-tenant.id() - 1, otherKey.key()).tasks(other, null).toList())
                .extracting(Task::name).contains("Moves along");
        assertThat(data.count("SELECT COUNT(*) FROM illumera_link WHERE organisation_id = ? AND illumera_id = 'tsk_straggler'",
                tenant.id())).isZero();
    }

    @Test
    void saving_the_settings_starts_the_initial_sync_at_once(@Autowired SyncEngine engineBean, @Autowired SyncStore store,
            @Autowired SyncStates states,
            @Autowired dev.align.audit.AuditTrail auditTrail, @Autowired tools.jackson.databind.json.JsonMapper json,
            @Autowired @org.springframework.beans.factory.annotation.Qualifier("applicationTaskExecutor")
            org.springframework.core.task.TaskExecutor executor) {
        entry("Right away");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        // The tests' own context leaves this off (their runs are explicit); here with it on, as in production.
        var startingOnSave = new IllumeraSync(runner, engineBean, store, states, auditTrail, jdbc, json, executor,
                java.time.Clock.systemUTC(), SyncSettings.of(Duration.ofMinutes(5), true), addOn, entries,
                organisations, releases, grants);

        startingOnSave.settingsSaved(new dev.align.illumera.SettingsSaved(tenant.id(), false));

        await().pollInSameThread().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(tasks()).extracting(Task::name).containsExactly("Right away"));
        assertThat(history.runs(dev.align.illumera.history.SyncHistory.RunFilter.none(), null, 5)).extracting(SyncRun::trigger).contains(Trigger.INITIAL);
    }

    @Test
    void two_triggers_at_once_make_one_run_and_a_mark_to_run_again() throws Exception {
        entry("Busy");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        var started = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        engine.crashAt((step, count) -> {
            if (step.equals("pending-written")) {
                started.countDown();
                try {
                    release.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> runner.run(tenant.id(), Trigger.MANUAL));
        assertThat(started.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        assertThat(runner.run(tenant.id(), Trigger.MANUAL)).as("the lock is taken: no second run").isEmpty();
        SyncProgress progress = sync.progress();
        assertThat(progress.running()).as("progress is readable while the run is in flight").isTrue();
        assertThat(progress.total()).isEqualTo(1);
        assertThat(progress.done()).isZero();
        release.countDown();
        List<SyncRun> runs = first.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(runs).as("the run in flight went round once more for the trigger that found it busy").hasSize(2);
        assertThat(sync.progress().running()).isFalse();
        assertThat(tasks()).hasSize(1);
    }

    @Test
    void an_assignee_illumera_does_not_know_is_nobody_there_and_stays_assigned_in_align() {
        long admin = data.count("SELECT id FROM app_user WHERE email = ?", tenant.admin());
        Entry entry = entries.create(new EntryDraft(project, null, "Assigned here only", EntryStatus.TODO, admin, null, null));
        save(ConflictPolicy.ILLUMERA_WINS, Direction.BIDIRECTIONAL, false);

        runOnce();
        runOnce();
        SyncRun third = runOnce();

        assertThat(tasks().getFirst().assigneeId()).isNull();
        assertThat(entries.get(entry.getId()).getAssigneeId()).as("not cleared by an echo").isEqualTo(admin);
        assertThat(third.count("ENTRY", "UPDATED")).isZero();
    }

    @Test
    void when_the_align_write_fails_after_illumera_was_written_the_next_run_finishes_the_pair() {
        Entry entry = entry("Half done");
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        Task task = tasks().getFirst();
        Entry current = entries.get(entry.getId());
        entries.update(current.getId(), current.getVersion(), new EntryDraft(project, null, "Half done, renamed",
                EntryStatus.TODO, null, null, null));
        sandbox.patch("/admin/tasks/" + task.id(), "{\"dueDate\": \"" + LocalDate.now().plusDays(5) + "\"}");
        killAt("align-write", "the database went away");

        SyncRun failed = runOnce();
        engine.crashAt(null);
        SyncRun next = runOnce();

        assertThat(failed.outcome()).isEqualTo(Outcome.PARTIAL);
        assertThat(illumera.task(task.id()).name()).isEqualTo("Half done, renamed");
        assertThat(next.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(next.count("ENTRY", "CONFLICT")).as("the sync's own write is no conflict").isZero();
        assertThat(entries.get(entry.getId()).getDueDate()).isEqualTo(LocalDate.now().plusDays(5));
        assertThat(links("LINKED")).isEqualTo(1);
        assertThat(data.count("SELECT COUNT(*) FROM illumera_link WHERE organisation_id = ? AND needs_retry", tenant.id()))
                .isZero();
    }

    @Test
    void pairs_linked_by_a_run_that_stopped_before_deciding_them_are_decided_by_the_next() {
        Entry entry = entries.create(new EntryDraft(project, null, "Matched", EntryStatus.TODO, null,
                LocalDate.now().plusDays(2), null));
        task("Matched", null);
        save(ConflictPolicy.ALIGN_WINS, Direction.BIDIRECTIONAL, false);
        killAt("pairs-linked", "killed after linking");
        assertThat(runOnce().outcome()).isEqualTo(Outcome.FAILED);
        engine.crashAt(null);

        SyncRun next = runOnce();

        assertThat(next.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(next.count("ENTRY", "CONFLICT")).isZero();
        assertThat(tasks()).singleElement().satisfies(t -> assertThat(t.dueDate()).isEqualTo(LocalDate.now().plusDays(2)));
        assertThat(entries.get(entry.getId()).getTitle()).isEqualTo("Matched");
        assertThat(data.count("SELECT COUNT(*) FROM illumera_link WHERE organisation_id = ? AND record_type = 'ENTRY'"
                + " AND base IS NULL", tenant.id()))
                .isZero();
    }

    @Test
    void records_sharing_a_name_are_held_for_a_person_and_never_created_later() {
        Entry first = entry("Same name");
        entry("Same name");
        task("Same name", null);
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);

        SyncRun run = runOnce();
        assertThat(run.count("ENTRY", "HELD")).isEqualTo(3);
        assertThat(tasks()).hasSize(1);
        Entry current = entries.get(first.getId());
        entries.update(current.getId(), current.getVersion(), new EntryDraft(project, null, "Same name",
                EntryStatus.IN_PROGRESS, null, null, null));

        SyncRun later = runOnce();

        assertThat(later.count("ENTRY", "CREATED")).isZero();
        assertThat(tasks()).hasSize(1);
        assertThat(data.count("SELECT COUNT(*) FROM entry WHERE organisation_id = ?", tenant.id())).isEqualTo(2);
    }

    @Test
    void releases_and_sprints_pair_up_and_an_entry_s_release_follows_its_task_s_sprint() {
        var release = releases.create(new dev.align.release.ReleaseDraft(project, "R1", LocalDate.now().plusDays(14)));
        Entry entry = entries.create(new EntryDraft(project, release.getId(), "In R1", EntryStatus.TODO, null, null, null));
        var sprint = illumera.createSprint(new dev.align.illumera.client.IllumeraModel.NewSprint(workspace, "Sprint 7",
                null, LocalDate.now().plusDays(7), "planned", null), UUID.randomUUID().toString());
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);

        SyncRun run = runOnce();

        assertThat(run.count("RELEASE", "CREATED")).isEqualTo(2);
        var sprints = illumera.sprints(workspace, null).toList();
        var r1 = sprints.stream().filter(s -> s.name().equals("R1")).findFirst().orElseThrow();
        assertThat(r1.externalRef()).isEqualTo("align:release:" + release.getId());
        assertThat(r1.endDate()).isEqualTo(LocalDate.now().plusDays(14));
        var sprint7 = releases.all().stream().filter(r -> r.getName().equals("Sprint 7")).findFirst().orElseThrow();
        assertThat(sprint7.getProjectId()).isEqualTo(project);
        Task task = tasks().getFirst();
        assertThat(task.sprintId()).isEqualTo(r1.id());

        sandbox.patch("/admin/tasks/" + task.id(), "{\"sprintId\": \"" + sprint.id() + "\"}");
        runOnce();

        assertThat(entries.get(entry.getId()).getReleaseId()).isEqualTo(sprint7.getId());
        assertThat(runOnce().count("RELEASE", "CREATED")).as("paired once").isZero();
    }

    @Test
    void a_run_waits_out_a_short_retry_after_and_finishes_instead_of_ending() {
        for (int i = 1; i <= 30; i++) {
            entry("Paced " + i);
        }
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        int before = sandbox.requests(key.keyId());
        // About 4 s of Retry-After at the sandbox's 600 requests a minute: well inside the 60 s a run waits.
        sandbox.post("/admin/keys/" + key.keyId() + "/rate-limit-burst", "{\"tokensLeft\": -40}");

        SyncRun run = runOnce();

        assertThat(run.outcome()).as(run.message()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(tasks()).hasSize(30);
        List<SandboxAdmin.Request> log = sandbox.requestLog(key.keyId()).subList(before, sandbox.requests(key.keyId()));
        int limited = log.stream().map(SandboxAdmin.Request::status).toList().indexOf(429);
        assertThat(limited).as("the run met the limit").isNotNegative();
        assertThat(Duration.between(log.get(limited).at(), log.get(limited + 1).at()))
                .as("and waited it out before the next call").isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void under_5xx_latency_and_a_429_burst_the_sync_converges_without_duplicates_or_early_retries() {
        List<Entry> made = new java.util.ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            made.add(entry("Under load " + i));
        }
        task("Made in Illumera", null);
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        sandbox.post("/admin/faults", "{\"keyId\": \"" + key.keyId() + "\", \"errorRate\": 0.1, \"latencyMillis\": 20}");
        sandbox.post("/admin/keys/" + key.keyId() + "/rate-limit-burst", "{\"tokensLeft\": -5}");
        int before = sandbox.requests(key.keyId());

        converge();
        // Rounds of changes on both sides, so that the faults meet every kind of call.
        for (int round = 1; round <= 15; round++) {
            Entry entry = entries.get(made.get(round).getId());
            entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project, null, "Changed in Align " + round,
                    EntryStatus.IN_PROGRESS, null, null, null));
            String name = "Under load " + (100 + round);
            Task task = tasks().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
            sandbox.patch("/admin/tasks/" + task.id(), "{\"name\": \"Changed in Illumera " + round + "\"}");
            converge();
        }
        sandbox.post("/admin/faults", "{\"keyId\": \"" + key.keyId() + "\", \"errorRate\": 0, \"latencyMillis\": 0}");

        List<Task> tasks = tasks();
        assertThat(tasks).hasSize(151);
        assertThat(tasks.stream().map(Task::name).distinct()).hasSize(151);
        assertThat(tasks).extracting(Task::name).contains("Changed in Align 15", "Changed in Illumera 15");
        assertThat(links("LINKED")).isEqualTo(151);
        var titles = entries.list(new dev.align.entry.EntryFilter(null, null, null, null), 0, 200).stream()
                .map(Entry::getTitle).collect(Collectors.toSet());
        assertThat(titles).as("both sides agree").isEqualTo(tasks.stream().map(Task::name).collect(Collectors.toSet()));
        List<SandboxAdmin.Request> log = sandbox.requestLog(key.keyId()).subList(before, sandbox.requests(key.keyId()));
        assertThat(log).extracting(SandboxAdmin.Request::status).contains(429, 503);
        for (int i = 0; i + 1 < log.size(); i++) {
            if (log.get(i).status() == 429) {
                assertThat(Duration.between(log.get(i).at(), log.get(i + 1).at()))
                        .as("no request inside Retry-After (at least 1 s)").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            }
        }
    }
}
