package dev.align.illumera.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * The sync's health as the card and its troubleshooting checks show it: the run in flight, whether
 * the initial sync is done, the last finished run, when the next one is due, a pause and its reason,
 * duplicates found, and whether the scheduler has stopped reaching the organisation
 * (no run for more than twice the interval while one was due), the last drift check, and how fresh
 * the mirror is.
 */
public record SyncStatus(SyncProgress progress, boolean initialDone, SyncRun lastRun, Instant nextRunAt,
                         String pausedReason, int duplicates, boolean schedulerLate,
                         Duration interval, SyncRun lastDriftCheck, Freshness freshness) {

    /** Without freshness figures (no change mirrored yet). */
    public SyncStatus(SyncProgress progress, boolean initialDone, SyncRun lastRun, Instant nextRunAt,
                      String pausedReason, int duplicates, boolean schedulerLate, Duration interval,
                      SyncRun lastDriftCheck) {
        this(progress, initialDone, lastRun, nextRunAt, pausedReason, duplicates, schedulerLate, interval,
                lastDriftCheck, Freshness.NONE);
    }

    /**
     * When a change was last mirrored (a run that carried one ended), and over the last hour's such runs
     * the 95th percentile of their lag: the run's end minus the oldest change it carried (null: none).
     */
    public record Freshness(Instant lastMirroredAt, Duration p95Lag, int runs) {
        static final Freshness NONE = new Freshness(null, null, 0);

        /** The nearest-rank 95th percentile of these lags. */
        public static Freshness of(Instant lastMirroredAt, java.util.List<Duration> lags) {
            if (lags.isEmpty()) {
                return new Freshness(lastMirroredAt, null, 0);
            }
            var sorted = lags.stream().sorted().toList();
            int rank = (int) Math.ceil(0.95 * sorted.size());
            return new Freshness(lastMirroredAt, sorted.get(rank - 1), sorted.size());
        }
    }
}
