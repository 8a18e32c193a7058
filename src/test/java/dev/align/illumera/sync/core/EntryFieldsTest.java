package dev.align.illumera.sync.core;

import dev.align.entry.EntryStatus;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.IllumeraField;
import dev.align.illumera.mapping.MappingModel.IllumeraStatus;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.mapping.MappingModel.WorkspaceSchema;
import dev.align.illumera.sync.core.EntryFields.EntryValues;
import dev.align.illumera.sync.core.EntryFields.TaskValues;
import dev.align.illumera.sync.core.FieldDecision.Flow;
import dev.align.illumera.sync.core.FieldDecision.Outcome;
import dev.align.illumera.sync.core.FieldDecision.Policy;
import dev.align.illumera.sync.core.FieldDecision.Side;
import dev.align.illumera.sync.core.FieldDecision.Write;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An entry's and a task's fields as the decider sees them, and the three-way decision for every field
 * type and every direction, through the real normalisation of both sides. Plain Java: no Spring.
 */
class EntryFieldsTest {

    static final IllumeraField MINUTES = IllumeraField.custom("cf_minutes", "Minutes", "number");
    static final WorkspaceSchema HOME = new WorkspaceSchema(List.of(
            new IllumeraStatus("todo", "To do", "todo"), new IllumeraStatus("doing", "Doing", "in_progress"),
            new IllumeraStatus("review", "Review", "in_progress"), new IllumeraStatus("done", "Done", "done")),
            List.of(MINUTES));

    /** Two workspaces (home "ws_home", and "ws_other" with statuses of its own); ann and cat are on both sides. */
    static final EntryFields.Lookups LOOKUPS = new EntryFields.Lookups() {
        final Map<String, String> emails = Map.of("mbr_ann", "ann@example.com", "mbr_bob", "bob@example.com",
                "mbr_cat", "cat@example.com");

        @Override
        public String memberEmail(String memberId) {
            return emails.get(memberId);
        }

        @Override
        public String memberId(String workspaceId, String email) {
            return emails.entrySet().stream().filter(e -> e.getValue().equals(email)).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
        }

        @Override
        public boolean isPerson(String email) {
            return !email.equals("bob@example.com"); // bob is an Illumera member only
        }

        @Override
        public String homeStatus(String workspaceId, String statusKey) {
            return workspaceId.equals("ws_other") && statusKey.equals("started") ? "doing" : statusKey;
        }

        @Override
        public String workspaceStatus(String workspaceId, String homeKey) {
            return workspaceId.equals("ws_other") && homeKey.equals("doing") ? "started" : homeKey;
        }

        /** Releases 7 and 8 are paired with sprints; release 9 is not (yet). */
        @Override
        public String sprintOf(long releaseId) {
            return releaseId == 9 ? null : "spr_" + releaseId;
        }

        @Override
        public Long releaseOf(String sprintId) {
            return Map.of("spr_7", 7L, "spr_8", 8L).get(sprintId);
        }
    };

    static Mapping mapping(Direction direction) {
        Mapping defaults = Mapping.defaults(direction, HOME);
        return defaults.withRow(defaults.row(AlignField.TRACKED_TIME).withTarget(MINUTES).switchedOn(true));
    }

    static final EntryValues ENTRY = new EntryValues("Launch", EntryStatus.BACKLOG, "ann@example.com",
            LocalDate.parse("2026-12-01"), 90, 7L);
    static final TaskValues TASK = new TaskValues("ws_home", "Launch", "todo", "mbr_ann", LocalDate.parse("2026-12-01"),
            Map.of("cf_minutes", 90.0), "spr_7");

    @Test
    void only_switched_on_entry_rows_with_a_target_flow_and_each_in_its_own_direction() {
        Mapping mapping = mapping(Direction.BIDIRECTIONAL);
        mapping = mapping.withRow(mapping.row(AlignField.DUE_DATE).switchedOn(false))
                .withRow(mapping.row(AlignField.ASSIGNED_USER).withDirection(Direction.ILLUMERA_TO_ALIGN));

        assertThat(EntryFields.flows(mapping)).containsOnly(Map.entry("ENTRY_TITLE", Flow.BOTH),
                Map.entry("ENTRY_STATUS", Flow.BOTH), Map.entry("ASSIGNED_USER", Flow.TO_ALIGN),
                Map.entry("RELEASE", Flow.BOTH), Map.entry("TRACKED_TIME", Flow.BOTH));
    }

    @Test
    void an_unchanged_pair_normalises_to_equal_values_on_both_sides() {
        Mapping mapping = mapping(Direction.BIDIRECTIONAL);

        Map<String, String> align = EntryFields.ofEntry(ENTRY, "ws_home", mapping, LOOKUPS);
        Map<String, String> illumera = EntryFields.ofTask(TASK, mapping, LOOKUPS);

        assertThat(align).isEqualTo(illumera);
        assertThat(align).containsEntry("ENTRY_STATUS", "todo").as("Backlog and To do are both Illumera's todo")
                .containsEntry("ASSIGNED_USER", "ann@example.com").containsEntry("DUE_DATE", "2026-12-01")
                .containsEntry("TRACKED_TIME", "90").as("90.0 minutes from Illumera are 90")
                .containsEntry("RELEASE", "7").as("a release and its sprint are the same value");
    }

    @Test
    void people_only_one_side_knows_are_nobody_and_foreign_statuses_map_by_category() {
        Mapping mapping = mapping(Direction.BIDIRECTIONAL);
        TaskValues elsewhere = new TaskValues("ws_other", "Launch", "started", "mbr_bob", null, Map.of(), "spr_unpaired");

        Map<String, String> values = EntryFields.ofTask(elsewhere, mapping, LOOKUPS);

        assertThat(values).containsEntry("ENTRY_STATUS", "doing").containsEntry("ASSIGNED_USER", null)
                .containsEntry("DUE_DATE", null).containsEntry("TRACKED_TIME", null).containsEntry("RELEASE", null);
        assertThat(EntryFields.ofEntry(with(ENTRY, "release", 9L), "ws_home", mapping, LOOKUPS))
                .as("a release not paired with a sprint yet").containsEntry("RELEASE", null);
    }

    @Test
    void writes_to_illumera_use_the_workspace_s_status_member_ids_and_custom_field_members() {
        List<Write> writes = List.of(new Write("ENTRY_STATUS", "todo", "doing"),
                new Write("ASSIGNED_USER", null, "ann@example.com"), new Write("TRACKED_TIME", "90", "120"),
                new Write("DUE_DATE", "2026-12-01", null), new Write("RELEASE", "7", "8"));

        Map<String, Object> members = EntryFields.taskMembers(writes, mapping(Direction.BIDIRECTIONAL), "ws_other", LOOKUPS);

        assertThat(members).containsEntry("status", "started").containsEntry("assigneeId", "mbr_ann")
                .containsEntry("sprintId", "spr_8")
                .containsEntry("dueDate", null).containsEntry("customFields", Map.of("cf_minutes", new BigDecimal("120")));
    }

    @Test
    void writes_to_align_keep_a_finer_status_that_already_stands_for_illumera_s() {
        Mapping mapping = mapping(Direction.BIDIRECTIONAL);
        Map<String, EntryStatus> toAlign = mapping.statuses().toAlign();
        EntryValues inReview = new EntryValues("Launch", EntryStatus.BLOCKED, null, null, 0, null);
        String blockedKey = mapping.statuses().toIllumera().get(EntryStatus.BLOCKED);

        EntryValues kept = EntryFields.applyToEntry(inReview, List.of(new Write("ENTRY_STATUS", "todo", blockedKey)),
                "ws_home", mapping, LOOKUPS);
        EntryValues moved = EntryFields.applyToEntry(inReview, List.of(new Write("ENTRY_STATUS", blockedKey, "done")),
                "ws_home", mapping, LOOKUPS);

        assertThat(kept.status()).isEqualTo(EntryStatus.BLOCKED);
        assertThat(moved.status()).isEqualTo(toAlign.get("done"));
    }

    @Test
    void values_align_cannot_hold_are_refused_with_the_reason() {
        Mapping mapping = mapping(Direction.BIDIRECTIONAL);
        var toAlign = mapping.statuses().toAlign();

        assertThatThrownBy(() -> EntryFields.applyToEntry(ENTRY, List.of(new Write("ENTRY_STATUS", "todo", "archived")),
                "ws_home", mapping, LOOKUPS)).hasMessageContaining("'archived' has no Align status");
        assertThatThrownBy(() -> EntryFields.applyToEntry(ENTRY, List.of(new Write("TRACKED_TIME", "90", "1.5")),
                "ws_home", mapping, LOOKUPS)).hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> EntryFields.applyToEntry(ENTRY, List.of(new Write("DUE_DATE", null, "soon")),
                "ws_home", mapping, LOOKUPS)).hasMessageContaining("not a date");
    }

    // ---- the three-way decision for every field type and direction

    enum Change { NONE, ALIGN, ILLUMERA, BOTH_SAME, BOTH_DIFFERENT }

    enum Expect { NOTHING, TO_ILLUMERA, TO_ALIGN, CONFLICT }

    /** The expectation per direction and change, written out (SYNC-DESIGN's table plus one-way rows). */
    static final Map<Direction, Map<Change, Expect>> TABLE = Map.of(
            Direction.BIDIRECTIONAL, Map.of(Change.NONE, Expect.NOTHING, Change.ALIGN, Expect.TO_ILLUMERA,
                    Change.ILLUMERA, Expect.TO_ALIGN, Change.BOTH_SAME, Expect.NOTHING,
                    Change.BOTH_DIFFERENT, Expect.CONFLICT),
            Direction.ALIGN_TO_ILLUMERA, Map.of(Change.NONE, Expect.NOTHING, Change.ALIGN, Expect.TO_ILLUMERA,
                    Change.ILLUMERA, Expect.NOTHING, Change.BOTH_SAME, Expect.NOTHING,
                    Change.BOTH_DIFFERENT, Expect.TO_ILLUMERA),
            Direction.ILLUMERA_TO_ALIGN, Map.of(Change.NONE, Expect.NOTHING, Change.ALIGN, Expect.NOTHING,
                    Change.ILLUMERA, Expect.TO_ALIGN, Change.BOTH_SAME, Expect.NOTHING,
                    Change.BOTH_DIFFERENT, Expect.TO_ALIGN));

    /** Per field type: the entry and the task changed to two different new values of that type. */
    record Field(AlignField field, EntryValues alignA, TaskValues illumeraA, EntryValues alignB, TaskValues illumeraB) {
        @Override
        public String toString() {
            return field.name();
        }
    }

    static List<Field> fields() {
        return List.of(
                new Field(AlignField.ENTRY_TITLE, with(ENTRY, "title", "Launch v2"), with(TASK, "name", "Launch v2"),
                        with(ENTRY, "title", "Launch v3"), with(TASK, "name", "Launch v3")),
                new Field(AlignField.ENTRY_STATUS, with(ENTRY, "status", EntryStatus.DONE), with(TASK, "status", "done"),
                        with(ENTRY, "status", EntryStatus.IN_PROGRESS), with(TASK, "status", "doing")),
                new Field(AlignField.ASSIGNED_USER, with(ENTRY, "assignee", "cat@example.com"),
                        with(TASK, "assignee", "mbr_cat"), with(ENTRY, "assignee", null), with(TASK, "assignee", null)),
                new Field(AlignField.DUE_DATE, with(ENTRY, "due", LocalDate.parse("2026-12-24")),
                        with(TASK, "due", LocalDate.parse("2026-12-24")), with(ENTRY, "due", LocalDate.parse("2027-01-02")),
                        with(TASK, "due", LocalDate.parse("2027-01-02"))),
                new Field(AlignField.TRACKED_TIME, with(ENTRY, "minutes", 120), with(TASK, "minutes", 120),
                        with(ENTRY, "minutes", 45), with(TASK, "minutes", 45)),
                new Field(AlignField.RELEASE, with(ENTRY, "release", 8L), with(TASK, "sprint", "spr_8"),
                        with(ENTRY, "release", null), with(TASK, "sprint", null)));
    }

    static Stream<Arguments> everyFieldTypeDirectionAndChange() {
        List<Arguments> cases = new ArrayList<>();
        for (Field field : fields()) {
            for (Direction direction : Direction.values()) {
                for (Change change : Change.values()) {
                    cases.add(Arguments.of(field, direction, change, TABLE.get(direction).get(change)));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} changed {2}: {3}")
    @MethodSource("everyFieldTypeDirectionAndChange")
    void every_field_type_in_every_direction(Field field, Direction direction, Change change, Expect expected) {
        Mapping mapping = mapping(direction);
        Map<String, String> base = EntryFields.ofEntry(ENTRY, "ws_home", mapping, LOOKUPS);
        EntryValues align = switch (change) {
            case ALIGN, BOTH_SAME -> field.alignA();
            case BOTH_DIFFERENT -> field.alignB();
            default -> ENTRY;
        };
        TaskValues illumera = switch (change) {
            case ILLUMERA, BOTH_SAME, BOTH_DIFFERENT -> field.illumeraA();
            default -> TASK;
        };

        Outcome outcome = SyncDecider.decide(base, new Side(EntryFields.ofEntry(align, "ws_home", mapping, LOOKUPS), null),
                new Side(EntryFields.ofTask(illumera, mapping, LOOKUPS), null), EntryFields.flows(mapping), Policy.ASK_ME);

        String name = field.field().name();
        Expect actual = outcome.conflicts().stream().anyMatch(c -> c.field().equals(name)) ? Expect.CONFLICT
                : outcome.toIllumera(name).isPresent() ? Expect.TO_ILLUMERA
                : outcome.toAlign(name).isPresent() ? Expect.TO_ALIGN : Expect.NOTHING;
        assertThat(actual).isEqualTo(expected);
        assertThat(outcome.toIllumera().size() + outcome.toAlign().size() + outcome.conflicts().size())
                .as("no other field is touched").isEqualTo(expected == Expect.NOTHING ? 0 : 1);
    }

    @Test
    void a_person_unassigned_on_one_side_flows_as_nobody() {
        Mapping mapping = mapping(Direction.BIDIRECTIONAL);
        Map<String, String> base = EntryFields.ofEntry(ENTRY, "ws_home", mapping, LOOKUPS);
        TaskValues unassigned = with(TASK, "assignee", null);

        Outcome outcome = SyncDecider.decide(base, new Side(EntryFields.ofEntry(ENTRY, "ws_home", mapping, LOOKUPS), null),
                new Side(EntryFields.ofTask(unassigned, mapping, LOOKUPS), null), EntryFields.flows(mapping), Policy.ASK_ME);

        assertThat(outcome.toAlign()).containsExactly(new Write("ASSIGNED_USER", "ann@example.com", null));
        assertThat(EntryFields.applyToEntry(ENTRY, outcome.toAlign(), "ws_home", mapping, LOOKUPS)
                .assigneeEmail()).isNull();
    }

    static EntryValues with(EntryValues e, String what, Object value) {
        return switch (what) {
            case "title" -> new EntryValues((String) value, e.status(), e.assigneeEmail(), e.dueDate(), e.trackedMinutes(), e.releaseId());
            case "status" -> new EntryValues(e.title(), (EntryStatus) value, e.assigneeEmail(), e.dueDate(), e.trackedMinutes(), e.releaseId());
            case "assignee" -> new EntryValues(e.title(), e.status(), (String) value, e.dueDate(), e.trackedMinutes(), e.releaseId());
            case "due" -> new EntryValues(e.title(), e.status(), e.assigneeEmail(), (LocalDate) value, e.trackedMinutes(), e.releaseId());
            case "minutes" -> new EntryValues(e.title(), e.status(), e.assigneeEmail(), e.dueDate(), (Integer) value, e.releaseId());
            case "release" -> new EntryValues(e.title(), e.status(), e.assigneeEmail(), e.dueDate(), e.trackedMinutes(), (Long) value);
            default -> throw new IllegalArgumentException(what);
        };
    }

    static TaskValues with(TaskValues t, String what, Object value) {
        Map<String, Object> custom = new HashMap<>(t.customFields());
        return switch (what) {
            case "name" -> new TaskValues(t.workspaceId(), (String) value, t.status(), t.assigneeId(), t.dueDate(), custom, t.sprintId());
            case "status" -> new TaskValues(t.workspaceId(), t.name(), (String) value, t.assigneeId(), t.dueDate(), custom, t.sprintId());
            case "assignee" -> new TaskValues(t.workspaceId(), t.name(), t.status(), (String) value, t.dueDate(), custom, t.sprintId());
            case "due" -> new TaskValues(t.workspaceId(), t.name(), t.status(), t.assigneeId(), (LocalDate) value, custom, t.sprintId());
            case "sprint" -> new TaskValues(t.workspaceId(), t.name(), t.status(), t.assigneeId(), t.dueDate(), custom, (String) value);
            case "minutes" -> {
                custom.put("cf_minutes", value);
                yield new TaskValues(t.workspaceId(), t.name(), t.status(), t.assigneeId(), t.dueDate(), custom, t.sprintId());
            }
            default -> throw new IllegalArgumentException(what);
        };
    }
}
