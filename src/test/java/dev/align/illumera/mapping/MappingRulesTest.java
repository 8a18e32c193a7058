package dev.align.illumera.mapping;

import dev.align.entry.EntryStatus;
import dev.align.illumera.mapping.MappingModel.IllumeraStatus;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.mapping.MappingModel.Problem;
import dev.align.illumera.mapping.MappingModel.StatusTable;
import dev.align.illumera.mapping.MappingModel.WorkspaceSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The mapping model without Spring, HTTP or a database. */
class MappingRulesTest {

    static final IllumeraField MINUTES = IllumeraField.custom("cf_minutes", "Tracked minutes", "number");
    static final IllumeraField NOTES = IllumeraField.custom("cf_notes", "Notes", "text");
    static final IllumeraField REVIEWER = IllumeraField.custom("cf_reviewer", "Reviewer", "user");
    static final IllumeraField REVIEW_DATE = IllumeraField.custom("cf_review_date", "Review date", "date");
    static final IllumeraField PRIORITY = IllumeraField.custom("cf_priority", "Priority", "option");

    static final WorkspaceSchema SCHEMA = new WorkspaceSchema(List.of(
            new IllumeraStatus("todo", "To do", "todo"), new IllumeraStatus("doing", "Doing", "in_progress"),
            new IllumeraStatus("review", "Review", "in_progress"), new IllumeraStatus("done", "Done", "done"),
            new IllumeraStatus("blocked", "Blocked", "in_progress")),
            List.of(MINUTES, NOTES, REVIEWER, REVIEW_DATE, PRIORITY));

    static List<String> reasons(Mapping mapping) {
        return MappingRules.validate(mapping, SCHEMA).stream().map(Problem::reason).toList();
    }

    @Test
    void the_defaults_are_the_help_pages_table_and_are_valid() {
        Mapping mapping = Mapping.defaults(Direction.BIDIRECTIONAL, SCHEMA);

        assertThat(mapping.rows()).extracting(MappingModel.Row::alignField, r -> r.target() == null ? null : r.target().name())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AlignField.ENTRY_TITLE, "Task name"),
                        org.assertj.core.groups.Tuple.tuple(AlignField.ENTRY_STATUS, "Task status"),
                        org.assertj.core.groups.Tuple.tuple(AlignField.ASSIGNED_USER, "Assignee"),
                        org.assertj.core.groups.Tuple.tuple(AlignField.PROJECT, "Workspace"),
                        org.assertj.core.groups.Tuple.tuple(AlignField.RELEASE, "Sprint"),
                        org.assertj.core.groups.Tuple.tuple(AlignField.DUE_DATE, "Due date"),
                        org.assertj.core.groups.Tuple.tuple(AlignField.TRACKED_TIME, null));
        assertThat(mapping.row(AlignField.TRACKED_TIME).enabled()).isFalse();
        assertThat(mapping.rows()).allMatch(r -> r.direction() == Direction.BIDIRECTIONAL);
        assertThat(MappingRules.validate(mapping, SCHEMA)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Direction.class)
    void the_defaults_follow_the_connections_direction(Direction direction) {
        assertThat(MappingRules.validate(Mapping.defaults(direction, SCHEMA), SCHEMA)).isEmpty();
    }

    @Test
    void tracked_time_can_go_to_a_number_field_for_illumeras_dashboards() {
        Mapping mapping = Mapping.defaults(Direction.ALIGN_TO_ILLUMERA, SCHEMA);

        assertThat(MappingRules.choices(AlignField.TRACKED_TIME, SCHEMA)).containsExactly(MINUTES);
        Mapping withTime = mapping.withRow(mapping.row(AlignField.TRACKED_TIME).withTarget(MINUTES).switchedOn(true));
        assertThat(MappingRules.validate(withTime, SCHEMA)).isEmpty();
    }

    @Test
    void choices_offer_standard_and_custom_fields_of_the_same_kind_only() {
        assertThat(MappingRules.choices(AlignField.ENTRY_TITLE, SCHEMA)).containsExactly(IllumeraField.TASK_NAME, NOTES);
        assertThat(MappingRules.choices(AlignField.ASSIGNED_USER, SCHEMA)).containsExactly(IllumeraField.ASSIGNEE, REVIEWER);
        assertThat(MappingRules.choices(AlignField.DUE_DATE, SCHEMA)).containsExactly(IllumeraField.DUE_DATE, REVIEW_DATE);
        assertThat(MappingRules.choices(AlignField.PROJECT, SCHEMA)).containsExactly(IllumeraField.WORKSPACE);
        assertThat(MappingRules.choices(AlignField.RELEASE, SCHEMA)).containsExactly(IllumeraField.SPRINT);
        assertThat(MappingRules.choices(AlignField.ENTRY_STATUS, SCHEMA)).containsExactly(IllumeraField.TASK_STATUS);
    }

    @Test
    void an_incompatible_type_is_refused_with_both_kinds_named() {
        Mapping mapping = Mapping.defaults(Direction.BIDIRECTIONAL, SCHEMA);
        Mapping wrong = mapping.withRow(mapping.row(AlignField.DUE_DATE).withTarget(PRIORITY));

        assertThat(reasons(wrong)).containsExactly("Due date holds a date; Priority holds a choice from a list.");
    }

    @Test
    void targets_are_checked_against_what_exists_not_trusted_as_sent() {
        Mapping mapping = Mapping.defaults(Direction.BIDIRECTIONAL, SCHEMA);
        var forgedStandard = new IllumeraField("assigneeId", "Assignee", ValueType.TEXT, false);
        var forgedCustom = new IllumeraField("cf_reviewer", "Reviewer", ValueType.TEXT, true);

        assertThat(reasons(mapping.withRow(mapping.row(AlignField.ENTRY_TITLE).withTarget(forgedStandard))))
                .containsExactly("\"Assignee\" is not one of Illumera's task fields.");
        assertThat(reasons(mapping.withRow(mapping.row(AlignField.ENTRY_TITLE).withTarget(forgedCustom))))
                .containsExactly("Entry title holds a text; Reviewer holds a person.");
    }

    @Test
    void every_align_field_has_exactly_one_row() {
        Mapping mapping = Mapping.defaults(Direction.BIDIRECTIONAL, SCHEMA);
        var rows = new java.util.ArrayList<>(mapping.rows());
        rows.add(0, mapping.row(AlignField.ENTRY_STATUS).switchedOn(false));
        rows.removeIf(r -> r.alignField() == AlignField.ENTRY_TITLE);

        assertThat(MappingRules.validate(new Mapping(Direction.BIDIRECTIONAL, rows, mapping.statuses()), SCHEMA))
                .extracting(Problem::reason).containsExactlyInAnyOrder(
                        "The mapping needs exactly one row for Entry title (it has 0).",
                        "The mapping needs exactly one row for Entry status (it has 2).");
        assertThat(MappingRules.validate(null, SCHEMA)).hasSize(1);
    }

    @Test
    void a_custom_field_the_workspace_no_longer_has_is_refused() {
        Mapping mapping = Mapping.defaults(Direction.BIDIRECTIONAL, SCHEMA);
        var gone = IllumeraField.custom("cf_gone", "Old minutes", "number");
        Mapping stale = mapping.withRow(mapping.row(AlignField.TRACKED_TIME).withTarget(gone).switchedOn(true));

        assertThat(reasons(stale)).containsExactly(
                "The workspace has no field \"Old minutes\" (any more): choose another one.");
    }

    @Test
    void a_row_may_narrow_the_direction_but_never_widen_it() {
        Mapping oneWay = Mapping.defaults(Direction.ALIGN_TO_ILLUMERA, SCHEMA);
        Mapping wider = oneWay.withRow(oneWay.row(AlignField.DUE_DATE).withDirection(Direction.BIDIRECTIONAL));
        Mapping reversed = oneWay.withRow(oneWay.row(AlignField.DUE_DATE).withDirection(Direction.ILLUMERA_TO_ALIGN));
        Mapping both = Mapping.defaults(Direction.BIDIRECTIONAL, SCHEMA);
        Mapping narrower = both.withRow(both.row(AlignField.DUE_DATE).withDirection(Direction.ILLUMERA_TO_ALIGN));

        assertThat(reasons(wider)).containsExactly(
                "Due date is set to sync Both ways, but the connection syncs only Align → Illumera.");
        assertThat(reasons(reversed)).containsExactly(
                "Due date is set to sync Illumera → Align, but the connection syncs only Align → Illumera.");
        assertThat(MappingRules.validate(narrower, SCHEMA)).isEmpty();
    }

    @Test
    void rows_switch_off_except_the_title() {
        Mapping mapping = Mapping.defaults(Direction.BIDIRECTIONAL, SCHEMA);
        Mapping noAssignee = mapping.withRow(mapping.row(AlignField.ASSIGNED_USER).switchedOn(false));
        Mapping noTitle = mapping.withRow(mapping.row(AlignField.ENTRY_TITLE).switchedOn(false));

        assertThat(MappingRules.validate(noAssignee, SCHEMA)).isEmpty();
        assertThat(reasons(noTitle)).containsExactly(
                "Entry title cannot be switched off: every Illumera task and every Align entry needs a name.");
    }

    @Test
    void an_enabled_row_needs_a_target() {
        Mapping mapping = Mapping.defaults(Direction.BIDIRECTIONAL, SCHEMA);
        Mapping empty = mapping.withRow(mapping.row(AlignField.TRACKED_TIME).switchedOn(true));

        assertThat(reasons(empty)).containsExactly(
                "Choose an Illumera field for Tracked time (minutes), or switch the row off.");
    }

    @Test
    void the_status_table_is_suggested_by_name_then_category_and_is_total_both_ways() {
        StatusTable table = StatusTable.suggest(SCHEMA.statuses());

        assertThat(table.toIllumera()).containsEntry(EntryStatus.TODO, "todo").containsEntry(EntryStatus.BACKLOG, "todo")
                .containsEntry(EntryStatus.BLOCKED, "blocked").containsEntry(EntryStatus.IN_PROGRESS, "doing")
                .containsEntry(EntryStatus.DONE, "done").containsEntry(EntryStatus.CANCELLED, "done")
                .hasSize(EntryStatus.values().length);
        assertThat(table.toAlign()).containsEntry("doing", EntryStatus.IN_PROGRESS)
                .containsEntry("blocked", EntryStatus.BLOCKED).containsEntry("review", EntryStatus.IN_PROGRESS)
                .hasSize(SCHEMA.statuses().size());
    }

    @Test
    void a_status_table_with_a_gap_is_refused_in_each_direction_that_syncs() {
        Mapping mapping = Mapping.defaults(Direction.BIDIRECTIONAL, SCHEMA);
        var gaps = new StatusTable(
                mapping.statuses().toIllumera().entrySet().stream().filter(e -> e.getKey() != EntryStatus.BLOCKED)
                        .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)),
                mapping.statuses().toAlign().entrySet().stream().filter(e -> !e.getKey().equals("review"))
                        .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)))
                .mapAlign(EntryStatus.CANCELLED, "wontdo");

        assertThat(reasons(mapping.withStatuses(gaps))).containsExactlyInAnyOrder(
                "Align status \"Blocked\" has no Illumera status.",
                "Align status \"Cancelled\" maps to \"wontdo\", which the workspace does not have.",
                "Illumera status \"Review\" has no Align status.");
        Mapping oneWay = Mapping.defaults(Direction.ALIGN_TO_ILLUMERA, SCHEMA).withStatuses(gaps);
        assertThat(reasons(oneWay)).containsExactlyInAnyOrder(
                "Align status \"Blocked\" has no Illumera status.",
                "Align status \"Cancelled\" maps to \"wontdo\", which the workspace does not have.");
    }
}
