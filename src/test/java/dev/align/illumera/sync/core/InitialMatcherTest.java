package dev.align.illumera.sync.core;

import dev.align.illumera.sync.core.InitialMatcher.AlignRecord;
import dev.align.illumera.sync.core.InitialMatcher.IllumeraRecord;
import dev.align.illumera.sync.core.InitialMatcher.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InitialMatcherTest {

    static final String REF = "align:entry:";

    @Test
    void existing_records_are_linked_by_reference_then_by_name_before_anything_is_created() {
        var align = List.of(new AlignRecord(1, "Fix login"), new AlignRecord(2, "Write docs"),
                new AlignRecord(3, "Only in Align"));
        var illumera = List.of(new IllumeraRecord("tsk_a", "Fix the login page", "align:entry:1"),
                new IllumeraRecord("tsk_b", "  WRITE DÖCS ", null), new IllumeraRecord("tsk_c", "Only in Illumera", null));

        Plan plan = InitialMatcher.plan(align, illumera, Map.of(), REF, true, true);

        assertThat(plan.links()).containsOnly(Map.entry(1L, "tsk_a"), Map.entry(2L, "tsk_b"));
        assertThat(plan.createInIllumera()).extracting(AlignRecord::id).containsExactly(3L);
        assertThat(plan.createInAlign()).extracting(IllumeraRecord::id).containsExactly("tsk_c");
        assertThat(plan.summary()).isEqualTo("will link 2, create 1 in Illumera, 1 in Align");
    }

    @Test
    void an_import_copy_of_a_linked_entry_is_a_duplicate_never_a_new_entry() {
        var align = List.of(new AlignRecord(1, "Fix login"));
        var illumera = List.of(new IllumeraRecord("tsk_a", "Fix login", "align:entry:1"),
                new IllumeraRecord("tsk_copy", "Fix login", "align:entry:1"));

        Plan plan = InitialMatcher.plan(align, illumera, Map.of(), REF, true, true);

        assertThat(plan.links()).containsOnly(Map.entry(1L, "tsk_a"));
        assertThat(plan.duplicates()).extracting(IllumeraRecord::id).containsExactly("tsk_copy");
        assertThat(plan.createInAlign()).isEmpty();
        assertThat(plan.createInIllumera()).isEmpty();
    }

    @Test
    void links_kept_from_an_earlier_connection_are_reused() {
        var align = List.of(new AlignRecord(1, "Fix login"));
        var illumera = List.of(new IllumeraRecord("tsk_kept", "Renamed in Illumera", null));

        Plan plan = InitialMatcher.plan(align, illumera, Map.of(1L, "tsk_kept"), REF, true, true);

        assertThat(plan.links()).containsOnly(Map.entry(1L, "tsk_kept"));
        assertThat(plan.createInAlign()).isEmpty();
        assertThat(plan.createInIllumera()).isEmpty();
    }

    @Test
    void names_shared_by_several_records_are_not_guessed_and_not_created_twice() {
        var align = List.of(new AlignRecord(1, "Standup"), new AlignRecord(2, "Standup"));
        var illumera = List.of(new IllumeraRecord("tsk_a", "standup", null));

        Plan plan = InitialMatcher.plan(align, illumera, Map.of(), REF, true, true);

        assertThat(plan.links()).isEmpty();
        assertThat(plan.ambiguousNames()).containsExactly("Standup");
        assertThat(plan.createInIllumera()).isEmpty();
        assertThat(plan.createInAlign()).isEmpty();
    }

    @Test
    void one_way_connections_create_only_on_their_target_side() {
        var align = List.of(new AlignRecord(1, "A"));
        var illumera = List.of(new IllumeraRecord("tsk_b", "B", null));

        Plan toIllumera = InitialMatcher.plan(align, illumera, Map.of(), REF, true, false);
        Plan toAlign = InitialMatcher.plan(align, illumera, Map.of(), REF, false, true);

        assertThat(toIllumera.createInIllumera()).hasSize(1);
        assertThat(toIllumera.createInAlign()).isEmpty();
        assertThat(toAlign.createInIllumera()).isEmpty();
        assertThat(toAlign.createInAlign()).hasSize(1);
    }

    @Test
    void references_to_entries_that_do_not_exist_or_malformed_ones_are_ignored() {
        var align = List.of(new AlignRecord(1, "A"));
        var illumera = List.of(new IllumeraRecord("tsk_gone", "Gone", "align:entry:99"),
                new IllumeraRecord("tsk_odd", "Odd", "align:entry:x"));

        Plan plan = InitialMatcher.plan(align, illumera, Map.of(), REF, true, true);

        assertThat(plan.links()).isEmpty();
        assertThat(plan.createInAlign()).extracting(IllumeraRecord::id).containsExactly("tsk_gone", "tsk_odd");
    }
}
