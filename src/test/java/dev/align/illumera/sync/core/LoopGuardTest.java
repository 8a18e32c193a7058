package dev.align.illumera.sync.core;

import dev.align.illumera.sync.core.LoopGuard.TaskKind;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class LoopGuardTest {

    static final Map<Long, String> LINKS = Map.of(42L, "tsk_original");

    static TaskKind classify(String taskId, String ref) {
        return LoopGuard.classify(taskId, ref, entry -> Optional.ofNullable(LINKS.get(entry)));
    }

    @Test
    void an_import_copy_of_a_linked_entry_is_a_duplicate_and_the_original_is_ours() {
        assertThat(classify("tsk_original", "align:entry:42")).isEqualTo(TaskKind.OURS);
        assertThat(classify("tsk_copy", "align:entry:42")).isEqualTo(TaskKind.DUPLICATE);
    }

    @Test
    void a_reference_to_an_unlinked_entry_is_ours_to_link_and_other_references_are_foreign() {
        assertThat(classify("tsk_new", "align:entry:7")).isEqualTo(TaskKind.OURS);
        assertThat(classify("tsk_x", null)).isEqualTo(TaskKind.FOREIGN);
        assertThat(classify("tsk_x", "jira:ABC-1")).isEqualTo(TaskKind.FOREIGN);
        assertThat(classify("tsk_x", "align:entry:")).isEqualTo(TaskKind.FOREIGN);
        assertThat(classify("tsk_x", "align:entry:42 and more")).isEqualTo(TaskKind.FOREIGN);
    }

    @Test
    void runs_out_of_proportion_pause_with_the_reason() {
        assertThat(LoopGuard.massChange(30, 0, 10, 50, 0.5)).as("small numbers always pass").isEmpty();
        assertThat(LoopGuard.massChange(150, 0, 300, 50, 0.5)).isEmpty();
        assertThat(LoopGuard.massChange(151, 0, 300, 50, 0.5)).hasValueSatisfying(reason ->
                assertThat(reason).contains("create 151").contains("more than 150").contains("paused"));
        assertThat(LoopGuard.massChange(0, 200, 300, 50, 0.5)).hasValueSatisfying(reason ->
                assertThat(reason).contains("delete 200"));
    }
}
