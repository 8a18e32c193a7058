package dev.align.illumera.sync;

import java.time.Duration;
import java.time.Instant;

/** The run in flight: records done of total, and a time-left estimate from the pace so far. */
public record SyncProgress(boolean running, int done, int total, Instant startedAt, Duration timeLeft) {

    static SyncProgress of(SyncStates.Progress progress, Instant now) {
        if (progress.runId() == null) {
            return new SyncProgress(false, 0, 0, null, null);
        }
        Duration left = null;
        if (progress.done() > 0 && progress.total() >= progress.done() && progress.startedAt() != null) {
            Duration spent = Duration.between(progress.startedAt(), now);
            left = spent.multipliedBy(progress.total() - progress.done()).dividedBy(progress.done());
        }
        return new SyncProgress(true, progress.done(), progress.total(), progress.startedAt(), left);
    }
}
