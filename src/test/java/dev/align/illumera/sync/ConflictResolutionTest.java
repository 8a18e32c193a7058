package dev.align.illumera.sync;

import dev.align.audit.AuditQuery;
import dev.align.base.InvalidInputException;
import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryStatus;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.history.SyncHistory;
import dev.align.illumera.history.SyncHistory.ConflictRow;
import dev.align.illumera.undo.RunUndo;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.sync.IllumeraSync.Choice;
import dev.align.notification.Notification;
import dev.align.organisation.Plan;
import dev.align.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The conflict inspector's choices, against the sandbox over HTTP: each side, one and many at a time,
 * and a typed value, all end with both sides agreeing; the bell tells of new conflicts once per run;
 * "Retry failed records" decides exactly the run's failed records again.
 */
class ConflictResolutionTest extends SyncFixture {

    @Autowired dev.align.illumera.undo.RunUndo undo;

    @BeforeEach
    void bothWays() {
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
    }

    @Test
    void each_choice_one_and_many_and_a_typed_value_end_with_both_sides_agreeing() {
        List<String> titles = List.of("Alpha", "Bravo", "Charlie", "Delta", "Echo");
        titles.forEach(title -> entries.create(new EntryDraft(project, null, title, EntryStatus.TODO, null, null, null)));
        runOnce();
        Map<String, Task> tasks = tasks().stream().collect(Collectors.toMap(Task::name, Function.identity()));
        for (Entry entry : entries("Alpha", "Bravo", "Charlie", "Delta")) {
            entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project, null, entry.getTitle() + " in Align",
                    EntryStatus.TODO, null, null, null));
            sandbox.patch("/admin/tasks/" + tasks.get(entry.getTitle()).id(),
                    "{\"name\": \"" + entry.getTitle() + " in Illumera\"}");
        }
        Entry echo = entries("Echo").getFirst();
        entries.update(echo.getId(), echo.getVersion(), new EntryDraft(project, null, "Echo", EntryStatus.IN_PROGRESS,
                null, null, null));
        sandbox.patch("/admin/tasks/" + tasks.get("Echo").id(), "{\"status\": \"review\"}");

        SyncRun found = runOnce();
        SyncRun again = runOnce();

        assertThat(found.count("ENTRY", "CONFLICT")).isEqualTo(5);
        assertThat(notifications.unread()).as("the bell tells when conflicts start waiting, not each run"
                + " that finds them again").filteredOn(n -> n.message().contains("changed on both"))
                .singleElement().satisfies(n -> assertThat(n.message()).startsWith("5 fields"));
        assertThat(again.count("ENTRY", "CONFLICT")).isEqualTo(5);
        Map<String, ConflictRow> open = history.openConflicts(0, 50).stream()
                .collect(Collectors.toMap(c -> c.entryTitle().split(" in ")[0], Function.identity()));
        assertThat(open.get("Echo")).satisfies(c -> {
            assertThat(c.label()).isEqualTo("Entry status");
            assertThat(c.alignValue()).as("by name").isEqualTo("In progress (Illumera: doing)");
            assertThat(c.illumeraValue()).as("the Align status the saved table reads it as").endsWith("(Illumera: review)");
        });

        sync.resolveAll(List.of(open.get("Alpha").id(), open.get("Bravo").id()), Choice.ALIGN);
        sync.resolveAll(List.of(open.get("Charlie").id()), Choice.ILLUMERA);
        assertThatThrownBy(() -> sync.resolveWithValue(open.get("Delta").id(), "x".repeat(201)))
                .as("checked like the entry form").isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> sync.resolveWithValue(open.get("Echo").id(), "Finished"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("In progress");
        sync.resolveWithValue(open.get("Delta").id(), "Delta, agreed ✓");
        sync.resolveWithValue(open.get("Echo").id(), "done");
        runOnce();

        Map<String, String> taskNames = tasks().stream().collect(Collectors.toMap(Task::id, Task::name));
        assertThat(entryTitleAndTaskName("Alpha in Align", tasks.get("Alpha"), taskNames)).isEqualTo("Alpha in Align");
        assertThat(entryTitleAndTaskName("Bravo in Align", tasks.get("Bravo"), taskNames)).isEqualTo("Bravo in Align");
        assertThat(entryTitleAndTaskName("Charlie in Illumera", tasks.get("Charlie"), taskNames))
                .isEqualTo("Charlie in Illumera");
        assertThat(entryTitleAndTaskName("Delta, agreed ✓", tasks.get("Delta"), taskNames)).isEqualTo("Delta, agreed ✓");
        assertThat(entries.get(echo.getId()).getStatus()).isEqualTo(EntryStatus.DONE);
        assertThat(illumera.task(tasks.get("Echo").id()).status()).isEqualTo("done");
        assertThat(history.openConflicts(0, 50)).isEmpty();
        assertThat(history.resolvedConflicts(null, 50)).hasSize(5).allSatisfy(c -> {
            assertThat(c.resolvedBy()).isEqualTo(tenant.admin().substring(0, tenant.admin().indexOf('@')));
            assertThat(c.appliedAt()).as("applied by the run").isNotNull();
        }).anySatisfy(c -> assertThat(c.typedValue()).isEqualTo("Delta, agreed ✓"));
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.conflict-resolved"), null, 10)).hasSize(5);
        assertThat(runOnce().count("ENTRY", "CONFLICT")).isZero();
    }

    @Test
    void owners_and_admins_are_told_when_conflicts_start_waiting_not_while_they_wait() {
        List.of("Alpha", "Bravo").forEach(title ->
                entries.create(new EntryDraft(project, null, title, EntryStatus.TODO, null, null, null)));
        runOnce();
        Map<String, Task> tasks = tasks().stream().collect(Collectors.toMap(Task::name, Function.identity()));

        conflict(tasks, "Alpha", "one");
        runOnce();
        assertThat(conflictNotices()).containsExactly("1 field");
        conflict(tasks, "Bravo", "one");
        runOnce();
        assertThat(conflictNotices()).as("Alpha still waits: nothing new to tell").containsExactly("1 field");

        sync.resolveAll(history.openConflicts(0, 50).stream().map(ConflictRow::id).toList(), Choice.ALIGN);
        runOnce();
        assertThat(history.openConflicts(0, 50)).isEmpty();
        conflict(tasks, "Alpha", "two");
        runOnce();
        assertThat(conflictNotices()).as("none waited, now one does").containsExactly("1 field", "1 field");
    }

    private void conflict(Map<String, Task> tasks, String title, String round) {
        Entry entry = entries.list(dev.align.entry.EntryFilter.none(), 0, 50).stream()
                .filter(e -> e.getTitle().startsWith(title) && e.getProjectId() == project)
                .findFirst().orElseThrow();
        entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project, null, title + " " + round + " in Align",
                EntryStatus.TODO, null, null, null));
        sandbox.patch("/admin/tasks/" + tasks.get(title).id(), "{\"name\": \"" + title + " " + round + " in Illumera\"}");
    }

    private List<String> conflictNotices() {
        return notifications.unread().stream().map(Notification::message).filter(m -> m.contains("changed on both"))
                .map(m -> m.substring(0, m.indexOf(" wa"))).toList();
    }

    @Test
    void retry_failed_records_decides_exactly_the_runs_failed_records_again() {
        entries.create(new EntryDraft(project, null, "Too long soon", EntryStatus.TODO, null, null, null));
        entries.create(new EntryDraft(project, null, "Fine", EntryStatus.TODO, null, null, null));
        runOnce();
        Task longOne = tasks().stream().filter(t -> t.name().equals("Too long soon")).findFirst().orElseThrow();
        sandbox.patch("/admin/tasks/" + longOne.id(), "{\"name\": \"" + "n".repeat(250) + "\"}");
        SyncRun failed = runOnce();
        assertThat(failed.count("ENTRY", "ERROR")).isEqualTo(1);
        assertThat(history.errors(failed.id())).singleElement().satisfies(group -> {
            assertThat(group.count()).isEqualTo(1);
            assertThat(group.advice()).isNotBlank();
            assertThat(group.records()).singleElement().satisfies(r -> assertThat(r.illumeraId()).isEqualTo(longOne.id()));
        });
        SyncRun quiet = runOnce();
        assertThat(quiet.count("ENTRY", "ERROR")).as("an invalid value is not re-sent every run").isZero();

        assertThat(sync.retryFailed(failed.id())).isEqualTo(1);
        runOnce(); // the retry runs in the background or here, whichever takes the lock first

        List<SyncRun> after = history.runs(SyncHistory.RunFilter.none(), null, 10).stream()
                .filter(run -> run.id() > quiet.id() && run.count("ENTRY", "ERROR") > 0).toList();
        assertThat(after).as("decided again, and still refused by Align").singleElement().satisfies(retried ->
                assertThat(history.records(retried.id(), null, 0, 50)).extracting(SyncHistory.RunRecord::illumeraId)
                        .containsOnly(longOne.id()));
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.retry-failed"), null, 10)).hasSize(1);
    }

    @Test
    void records_held_for_a_shared_name_are_linked_by_hand_or_created_separately() {
        entries.create(new EntryDraft(project, null, "Same name", EntryStatus.TODO, null, null, null));
        entries.create(new EntryDraft(project, null, "Same name", EntryStatus.DONE, null, null, null));
        Task task = illumera.createTask(new dev.align.illumera.client.IllumeraModel.NewTask(workspace, "Same name",
                "todo", null, null, null, null, null), UUID.randomUUID().toString());
        runOnce();
        List<SyncHistory.Held> held = history.held();
        assertThat(held).extracting(SyncHistory.Held::name).containsOnly("Same name").hasSize(3);
        SyncHistory.Held heldTask = held.stream().filter(h -> h.taskId() != null).findFirst().orElseThrow();
        List<SyncHistory.Held> heldEntries = held.stream().filter(h -> h.entryId() != null).toList();

        assertThatThrownBy(() -> sync.linkHeld(heldEntries.get(0).id(), heldEntries.get(1).id()))
                .isInstanceOf(InvalidInputException.class);
        sync.linkHeld(heldEntries.get(0).id(), heldTask.id());
        sync.createSeparately(heldEntries.get(1).id());
        runOnce();
        runOnce();

        assertThat(history.held()).isEmpty();
        assertThat(tasks()).extracting(Task::name).containsExactly("Same name", "Same name");
        assertThat(tasks()).extracting(Task::externalRef).contains("align:entry:" + heldEntries.get(1).entryId());
        assertThat(data.count("SELECT COUNT(*) FROM illumera_link WHERE organisation_id = ? AND align_id = ?"
                + " AND illumera_id = ? AND state = 'LINKED' AND base IS NOT NULL", tenant.id(),
                heldEntries.get(0).entryId(), task.id())).as("linked, then decided like any pair").isEqualTo(1);
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.held-linked"), null, 10)).hasSize(1);
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.held-created-separately"), null, 10)).hasSize(1);
        Tenant other = data.tenant(Plan.BUSINESS);
        data.login(other.admin());
        assertThat(history.held()).as("another organisation sees none of them").isEmpty();
    }

    @Test
    void undoing_a_run_restores_exactly_the_before_values_and_skips_what_changed_since() {
        // The earlier value comes back exactly as Align had it, not as read back from Illumera's status.
        Entry alpha = entries.create(new EntryDraft(project, null, "Alpha", EntryStatus.IN_REVIEW, null, null, null));
        Entry bravo = entries.create(new EntryDraft(project, null, "Bravo", EntryStatus.TODO, null, null, null));
        runOnce();
        Map<String, Task> tasks = tasks().stream().collect(Collectors.toMap(Task::name, Function.identity()));
        sandbox.patch("/admin/tasks/" + tasks.get("Alpha").id(), "{\"name\": \"Alpha renamed\", \"status\": \"done\"}");
        sandbox.patch("/admin/tasks/" + tasks.get("Bravo").id(), "{\"name\": \"Bravo renamed\"}");
        SyncRun renaming = runOnce();
        assertThat(entries.get(alpha.getId()).getTitle()).isEqualTo("Alpha renamed");
        Entry bravoNow = entries.get(bravo.getId());
        entries.update(bravo.getId(), bravoNow.getVersion(), new EntryDraft(project, null, "Bravo, edited by hand",
                EntryStatus.TODO, null, null, null));

        RunUndo.Plan preview = undo.preview(renaming.id());
        assertThat(preview.steps()).filteredOn(RunUndo.Step::possible)
                .extracting(RunUndo.Step::entryId, RunUndo.Step::label, RunUndo.Step::restoreTo)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(alpha.getId(), "Entry title", "Alpha"),
                        org.assertj.core.groups.Tuple.tuple(alpha.getId(), "Entry status", "In review"));
        assertThat(preview.steps()).filteredOn(step -> !step.possible()).singleElement().satisfies(step -> {
            assertThat(step.entryId()).isEqualTo(bravo.getId());
            assertThat(step.reason()).startsWith("Changed again since the run");
        });
        assertThat(entries.get(alpha.getId()).getTitle()).as("a preview writes nothing").isEqualTo("Alpha renamed");

        RunUndo.Plan done = undo.undo(renaming.id());
        runOnce();

        assertThat(done.done()).isEqualTo(2);
        assertThat(entries.get(alpha.getId())).satisfies(a -> {
            assertThat(a.getTitle()).isEqualTo("Alpha");
            assertThat(a.getStatus()).as("exactly the earlier value").isEqualTo(EntryStatus.IN_REVIEW);
        });
        assertThat(illumera.task(tasks.get("Alpha").id())).satisfies(t -> {
            assertThat(t.name()).as("both sides").isEqualTo("Alpha");
            assertThat(t.status()).isNotEqualTo("done");
        });
        assertThat(entries.get(bravo.getId()).getTitle()).isEqualTo("Bravo, edited by hand");
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.run-undone"), null, 10)).hasSize(1);
        assertThat(undo.preview(renaming.id()).possible()).as("an undone run cannot be undone twice").isZero();
    }

    private String entryTitleAndTaskName(String title, Task task, Map<String, String> taskNames) {
        assertThat(entries("" + title)).as("entry " + title).hasSize(1);
        return taskNames.get(task.id());
    }

    private List<Entry> entries(String... titles) {
        Set<String> wanted = Set.of(titles);
        return entries.list(dev.align.entry.EntryFilter.none(), 0, 100).stream()
                .filter(e -> wanted.contains(e.getTitle()) && e.getProjectId() == project).toList();
    }
}
