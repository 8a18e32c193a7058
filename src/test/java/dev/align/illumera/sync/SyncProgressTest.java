package dev.align.illumera.sync;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The time-left estimate from the pace so far; plain Java. */
class SyncProgressTest {

    static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    @Test
    void time_left_follows_the_pace_so_far() {
        var progress = SyncProgress.of(new SyncStates.Progress(7L, 25, 100, START), START.plusSeconds(10));

        assertThat(progress.running()).isTrue();
        assertThat(progress.timeLeft()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void no_estimate_before_the_first_record_and_nothing_when_idle() {
        assertThat(SyncProgress.of(new SyncStates.Progress(7L, 0, 100, START), START.plusSeconds(3)).timeLeft()).isNull();
        assertThat(SyncProgress.of(new SyncStates.Progress(null, 0, 0, null), START).running()).isFalse();
    }
}
