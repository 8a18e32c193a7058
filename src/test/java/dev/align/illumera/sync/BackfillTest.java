package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.MappingModel.Mapping;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Widening the settings later brings across what was passed over while they were narrower (issue 13,
 * item 4), instead of leaving those records until their next change.
 */
class BackfillTest extends SyncFixture {

    static final LocalDate DUE = LocalDate.now().plusDays(20);

    void saveMapping(Direction direction, UnaryOperator<Mapping> change) {
        var view = addOn.settings();
        Mapping defaults = Mapping.defaults(direction, view.schema());
        Mapping mapping = change.apply(defaults.withRow(defaults.row(AlignField.PROJECT).switchedOn(false)));
        addOn.saveSettings(new AddOnSettings(mapping, ConflictPolicy.ASK_ME, Set.of(), false), view.version(), true);
    }

    @Test
    void switching_to_both_ways_brings_across_tasks_and_edits_made_while_it_was_one_way() {
        Entry pushed = entry("Pushed from Align");
        saveMapping(Direction.ALIGN_TO_ILLUMERA, m -> m);
        runOnce();
        Task task = tasks().getFirst();
        task("Made in Illumera meanwhile", null);
        sandbox.patch("/admin/tasks/" + task.id(), "{\"name\": \"Renamed in Illumera meanwhile\"}");
        runOnce();
        assertThat(entries.get(pushed.getId()).getTitle()).as("one way: Illumera's edit stays there")
                .isEqualTo("Pushed from Align");

        saveMapping(Direction.BIDIRECTIONAL, m -> m);
        SyncRun widened = runOnce();

        assertThat(entries.get(pushed.getId()).getTitle()).isEqualTo("Renamed in Illumera meanwhile");
        assertThat(widened.count("ENTRY", "CREATED")).as("the task passed over").isEqualTo(1);
        assertThat(entries.list(new dev.align.entry.EntryFilter(null, null, null, null), 0, 10))
                .extracting(Entry::getTitle).contains("Made in Illumera meanwhile");
        SyncRun after = runOnce();
        assertThat(after.count("ENTRY", "CREATED") + after.count("ENTRY", "UPDATED")).as("done once").isZero();
    }

    @Test
    void a_row_switched_on_later_fills_its_field_on_existing_links() {
        Entry entry = entries.create(new EntryDraft(project, null, "Has a due date", EntryStatus.TODO, null, DUE, null));
        saveMapping(Direction.BIDIRECTIONAL, m -> m.withRow(m.row(AlignField.DUE_DATE).switchedOn(false)));
        runOnce();
        assertThat(tasks().getFirst().dueDate()).as("the row is off").isNull();

        saveMapping(Direction.BIDIRECTIONAL, m -> m);
        runOnce();

        assertThat(tasks()).singleElement().satisfies(t -> assertThat(t.dueDate()).isEqualTo(DUE));
        assertThat(entries.get(entry.getId()).getDueDate()).isEqualTo(DUE);
    }

    @Test
    void narrowing_brings_nothing_across() {
        entry("Stays");
        saveMapping(Direction.BIDIRECTIONAL, m -> m);
        runOnce();
        task("Made after narrowing", null);

        saveMapping(Direction.ALIGN_TO_ILLUMERA, m -> m);
        runOnce();

        assertThat(entries.list(new dev.align.entry.EntryFilter(null, null, null, null), 0, 10))
                .extracting(Entry::getTitle).containsExactly("Stays");
    }

    @Test
    void a_record_whose_counterpart_was_deleted_is_neither_matched_nor_created_again_by_a_backfill() {
        Entry kept = entry("Task deleted in Illumera");
        task("Entry deleted in Align", null);
        saveMapping(Direction.BIDIRECTIONAL, m -> m.withRow(m.row(AlignField.DUE_DATE).switchedOn(false)));
        runOnce();
        Entry deletedLater = entries.list(new dev.align.entry.EntryFilter("Entry deleted", null, null, null), 0, 10)
                .getFirst();
        sandbox.delete("/admin/tasks/" + tasks().stream().filter(t -> t.name().equals("Task deleted in Illumera"))
                .findFirst().orElseThrow().id());
        entries.delete(deletedLater.getId(), deletedLater.getVersion());
        runOnce();
        assertThat(links("GONE")).as("deletes are not propagated: both links end").isEqualTo(2);

        saveMapping(Direction.BIDIRECTIONAL, m -> m); // widened: every paired workspace is backfilled
        SyncRun widened = runOnce();

        assertThat(widened.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(widened.count("ENTRY", "CREATED")).as("neither side's deletion is undone").isZero();
        assertThat(tasks()).extracting(Task::name).containsExactly("Entry deleted in Align");
        assertThat(entries.list(new dev.align.entry.EntryFilter(null, null, null, null), 0, 10))
                .extracting(Entry::getId).containsExactly(kept.getId());
    }
}
