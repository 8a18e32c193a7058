package dev.align.illumera.sync;

import java.time.Instant;
import java.util.Map;

/**
 * One run of the sync as the history shows it: what started it, where it ran, how it ended, and
 * per record type how many records were created, updated, linked, left unchanged, in conflict,
 * duplicates, deleted, or failed.
 */
public record SyncRun(long id, Trigger trigger, String node, Instant startedAt, Instant endedAt, Outcome outcome,
                      String message, Map<String, Map<String, Integer>> counts) {

    public enum Trigger { INITIAL, SCHEDULED, MANUAL, WEBHOOK }

    public enum Outcome {
        RUNNING,
        SUCCEEDED,
        /** Finished, with records that could not be synced (see the run's items). */
        PARTIAL,
        /** Stopped by an error; the next run continues from what was recorded. */
        FAILED,
        /** The loop guard or a rejected key paused the connection. */
        PAUSED,
        /** Disconnected while running: stopped at the next step. */
        STOPPED
    }

    public int count(String recordType, String action) {
        return counts.getOrDefault(recordType, Map.of()).getOrDefault(action, 0);
    }
}
