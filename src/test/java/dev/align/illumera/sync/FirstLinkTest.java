package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.FirstLinkChoice;
import dev.align.illumera.client.IllumeraModel.NewSprint;
import dev.align.illumera.client.IllumeraModel.NewTask;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.sync.SyncRun.Outcome;
import dev.align.release.ReleaseDraft;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records linked for the first time (issue 13, item 10): a blank side takes the other side's value,
 * other differences follow the first-save choice, the preview counts as the run does (the release
 * field included, before its sprints exist), and a row may have a conflict policy of its own.
 */
class FirstLinkTest extends SyncFixture {

    static final LocalDate MONDAY = LocalDate.of(2027, 3, 1);

    void save(FirstLinkChoice choice, Map<AlignField, ConflictPolicy> rowPolicies) {
        var view = addOn.settings();
        Mapping defaults = Mapping.defaults(Direction.BIDIRECTIONAL, view.schema());
        Mapping mapping = defaults.withRow(defaults.row(AlignField.PROJECT).switchedOn(false));
        addOn.saveSettings(new AddOnSettings(mapping, ConflictPolicy.ASK_ME, Set.of(), false, rowPolicies, choice),
                view.version(), true);
    }

    Entry entry(String title, EntryStatus status, LocalDate due, Long release) {
        return entries.create(new EntryDraft(project, release, title, status, null, due, null));
    }

    Task task(String name, String status, LocalDate due, String sprint) {
        return illumera.createTask(new NewTask(workspace, name, status, null, sprint, due, null, null),
                UUID.randomUUID().toString());
    }

    /**
     * Alpha: Align's due date blank, statuses differ. Beta: due dates differ. Gamma: its release will be
     * a new sprint, its task sits in a sprint that will be a new release (both known only once created).
     */
    void existingRecordsOnBothSides() {
        var r1 = releases.create(new ReleaseDraft(project, "R1", MONDAY.plusDays(14)));
        var sprint9 = illumera.createSprint(new NewSprint(workspace, "Sprint 9", null, MONDAY.plusDays(7), "planned",
                null), UUID.randomUUID().toString());
        entry("Alpha", EntryStatus.TODO, null, null);
        entry("Beta", EntryStatus.TODO, MONDAY, null);
        entry("Gamma", EntryStatus.TODO, null, r1.getId());
        task("alpha", "done", MONDAY.plusDays(4), null);
        task("Beta", "todo", MONDAY.plusDays(8), null);
        task("Gamma", "todo", null, sprint9.id());
    }

    @Test
    void asking_counts_in_the_preview_exactly_the_conflicts_the_run_records() {
        existingRecordsOnBothSides();
        save(FirstLinkChoice.ASK, Map.of());

        DryRun preview = sync.dryRun(addOn.settings().settings());
        SyncRun run = runOnce();

        assertThat(preview.differing()).as("Alpha's title (matched whatever the case) and status, Beta's due date,"
                + " Gamma's release").isEqualTo(4);
        assertThat(preview.conflicts()).isEqualTo(4);
        assertThat(preview.sampleDifferences()).anySatisfy(sample -> assertThat(sample)
                .startsWith("Beta · Due date: «" + MONDAY + "» in Align, «" + MONDAY.plusDays(8) + "» in Illumera"));
        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.count("ENTRY", "CONFLICT")).as("the run's conflicts, as previewed").isEqualTo(preview.conflicts());
        assertThat(history.openConflictCount()).isEqualTo(4);
        Entry alpha = entryTitled("Alpha");
        assertThat(alpha.getDueDate()).as("a blank side takes the other's value").isEqualTo(MONDAY.plusDays(4));
        assertThat(alpha.getStatus()).as("a differing value waits for a person").isEqualTo(EntryStatus.TODO);
    }

    @Test
    void choosing_illumera_s_values_settles_every_difference_without_a_conflict() {
        existingRecordsOnBothSides();
        save(FirstLinkChoice.ILLUMERA, Map.of());

        DryRun preview = sync.dryRun(addOn.settings().settings());
        SyncRun run = runOnce();

        assertThat(preview.differing()).isEqualTo(4);
        assertThat(preview.conflicts()).isZero();
        assertThat(run.count("ENTRY", "CONFLICT")).isZero();
        assertThat(entryTitled("alpha").getStatus()).isEqualTo(EntryStatus.DONE);
        assertThat(entryTitled("alpha").getDueDate()).isEqualTo(MONDAY.plusDays(4));
        assertThat(entryTitled("Beta").getDueDate()).isEqualTo(MONDAY.plusDays(8));
        var sprint9 = releases.all().stream().filter(r -> r.getName().equals("Sprint 9")).findFirst().orElseThrow();
        assertThat(entryTitled("Gamma").getReleaseId()).isEqualTo(sprint9.getId());
        assertThat(tasks()).extracting(Task::name).containsExactlyInAnyOrder("alpha", "Beta", "Gamma");
        assertThat(history.openConflictCount()).isZero();
        assertThat(history.records(run.id(), null, 0, 100)).flatExtracting(r -> r.changes())
                .as("the history names the choice made when saving, not a conflict policy")
                .filteredOn(c -> c.decidedBy() != null).isNotEmpty()
                .allSatisfy(c -> assertThat(c.decidedBy()).isEqualTo("the choice for first links: Keep Illumera's values"));
    }

    @Test
    void a_row_policy_decides_its_field_and_the_connections_the_others() {
        entry("Delta", EntryStatus.TODO, MONDAY, null);
        Task delta = task("Delta", "todo", MONDAY, null);
        save(FirstLinkChoice.ASK, Map.of(AlignField.DUE_DATE, ConflictPolicy.PREFER_ILLUMERA_UNLESS_BLANK));
        runOnce();
        // Both sides change both fields: the due date follows its row, the status waits (Ask me).
        Entry current = entryTitled("Delta");
        entries.update(current.getId(), current.getVersion(), new EntryDraft(project, null, "Delta",
                EntryStatus.IN_PROGRESS, null, null, null));
        sandbox.patch("/admin/tasks/" + delta.id(), "{\"dueDate\": \"" + MONDAY.plusDays(2) + "\", \"status\": \"done\"}");

        SyncRun run = runOnce();

        assertThat(entryTitled("Delta").getDueDate()).as("Align cleared it: Illumera's wins").isEqualTo(MONDAY.plusDays(2));
        assertThat(run.count("ENTRY", "CONFLICT")).isEqualTo(1);
        assertThat(history.openConflicts(0, 10)).singleElement().satisfies(c ->
                assertThat(c.field()).isEqualTo(AlignField.ENTRY_STATUS.name()));
    }

    Entry entryTitled(String title) {
        return entries.list(new dev.align.entry.EntryFilter(null, null, null, null), 0, 50).stream()
                .filter(e -> e.getTitle().equals(title)).findFirst().orElseThrow();
    }
}
