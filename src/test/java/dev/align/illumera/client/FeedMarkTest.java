package dev.align.illumera.client;

import dev.align.illumera.client.IllumeraModel.FeedMark;
import dev.align.illumera.client.IllumeraModel.Task;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The feed's high-water mark, by the contract's timestamps and versions only; plain Java. */
class FeedMarkTest {

    static final Instant AT = Instant.parse("2026-11-29T10:15:00Z");

    static Task task(String id, Instant updatedAt, long version) {
        return new Task(id, "ws_1", "A task", "todo", null, null, null, null, null, false, AT, updatedAt, version);
    }

    @Test
    void what_was_processed_is_covered_and_what_came_later_is_not() {
        FeedMark mark = FeedMark.of(task("tsk_a", AT, 3)).after(task("tsk_b", AT, 1));

        assertThat(mark.covers(task("tsk_a", AT, 3))).isTrue();
        assertThat(mark.covers(task("tsk_b", AT, 1))).isTrue();
        assertThat(mark.covers(task("tsk_z", AT.minusSeconds(1), 9))).as("older").isTrue();
        assertThat(mark.covers(task("tsk_c", AT, 1))).as("another task at the same time").isFalse();
        assertThat(mark.covers(task("tsk_a", AT.plusMillis(1), 4))).as("later").isFalse();
    }

    @Test
    void a_second_change_within_one_timestamp_is_not_covered() {
        FeedMark mark = FeedMark.of(task("tsk_a", AT, 3));

        assertThat(mark.covers(task("tsk_a", AT, 4))).isFalse();
        assertThat(mark.after(task("tsk_a", AT, 4)).covers(task("tsk_a", AT, 4))).isTrue();
    }
}
