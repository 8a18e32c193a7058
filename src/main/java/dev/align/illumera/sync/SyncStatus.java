package dev.align.illumera.sync;

import java.time.Duration;
import java.time.Instant;

/**
 * The sync's health as the card and its troubleshooting checks show it: the run in flight, whether
 * the initial sync is done, the last finished run, when the next one is due, a pause and its reason,
 * duplicates found, and whether the scheduler has stopped reaching the organisation
 * (no run for more than twice the interval while one was due), and the last drift check.
 */
public record SyncStatus(SyncProgress progress, boolean initialDone, SyncRun lastRun, Instant nextRunAt,
                         String pausedReason, int duplicates, boolean schedulerLate,
                         Duration interval, SyncRun lastDriftCheck) {
}
