package dev.align.illumera.sync;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The sync's settings ({@code illumera.sync.*}; the README's table says what each means), bound once
 * with their defaults here instead of repeated in every {@code @Value}. The scheduler's tick is also a
 * placeholder on its {@code @Scheduled} (annotations take no beans); {@code tick} here bounds how long
 * one tick waits for a free worker.
 */
@ConfigurationProperties("illumera.sync")
record SyncSettings(@DefaultValue("PT5M") Duration interval,
                    @DefaultValue("PT10M") Duration lockAtMostFor,
                    @DefaultValue("50") int massChangeFloor,
                    @DefaultValue("0.5") double massChangeShare,
                    @DefaultValue("PT30S") Duration outboxLookBack,
                    @DefaultValue("true") boolean startOnSave,
                    @DefaultValue("4") int parallelRuns,
                    @DefaultValue("PT30S") Duration tick,
                    @DefaultValue("true") boolean push,
                    @DefaultValue("PT0.25S") Duration pushDelay) {

    /** ShedLock's keep-alive (long runs keep their lock) refuses anything shorter: every run would fail. */
    static final Duration SHORTEST_LOCK = Duration.ofSeconds(30);

    SyncSettings {
        if (lockAtMostFor.compareTo(SHORTEST_LOCK) < 0) {
            throw new IllegalArgumentException("ILLUMERA_SYNC_LOCK_AT_MOST_FOR must be at least " + SHORTEST_LOCK
                    + " (ShedLock's keep-alive needs it), not " + lockAtMostFor);
        }
    }

    /** The defaults, with another interval and start-on-save (tests that build the parts themselves). */
    static SyncSettings of(Duration interval, boolean startOnSave) {
        return new SyncSettings(interval, Duration.ofMinutes(10), 50, 0.5, Duration.ofSeconds(30), startOnSave, 4,
                Duration.ofSeconds(30), true, Duration.ofMillis(250));
    }

    /** These settings with another tick and pool size (tests of the scheduler). */
    SyncSettings withTick(Duration newTick, int workers) {
        return new SyncSettings(interval, lockAtMostFor, massChangeFloor, massChangeShare, outboxLookBack, startOnSave,
                workers, newTick, push, pushDelay);
    }
}
