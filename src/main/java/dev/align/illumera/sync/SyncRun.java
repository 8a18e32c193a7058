package dev.align.illumera.sync;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/**
 * One run of the sync as the history shows it: what started it, where it ran, how it ended, and
 * per record type how many records were created, updated, linked, left unchanged, in conflict,
 * duplicates, deleted, or failed.
 */
public record SyncRun(long id, Trigger trigger, String node, Instant startedAt, Instant endedAt, Outcome outcome,
                      String message, Map<String, Map<String, Integer>> counts) {

    /**
     * How a run item's field change names the first-link choice that decided it (followed by ALIGN or
     * ILLUMERA, see {@code FirstLinkChoice}); otherwise the deciding conflict policy's name is stored.
     */
    public static final String FIRST_LINK_DECISION = "FIRST_LINK_";

    /**
     * DRIFT: the nightly drift check, a run that compares every linked record (see {@link DriftCheck});
     * PUSH: a person's change in Align, pushed within a second ({@link SyncPush}).
     */
    public enum Trigger { INITIAL, SCHEDULED, MANUAL, WEBHOOK, DRIFT, PUSH }

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

    /** The columns every run query selects, in the order {@link #read} expects them. */
    public static final String COLUMNS = "id, run_trigger, node, started_at, ended_at, outcome, message, counts";
    private static final TypeReference<Map<String, Map<String, Integer>>> COUNTS = new TypeReference<>() { };

    /** Reads a run selected with {@link #COLUMNS}. */
    public static SyncRun read(ResultSet rs, JsonMapper json) throws SQLException {
        Timestamp ended = rs.getTimestamp(5);
        return new SyncRun(rs.getLong(1), Trigger.valueOf(rs.getString(2)), rs.getString(3),
                rs.getTimestamp(4).toInstant(), ended == null ? null : ended.toInstant(),
                Outcome.valueOf(rs.getString(6)), rs.getString(7), json.readValue(rs.getString(8), COUNTS));
    }

    public int count(String recordType, String action) {
        return counts.getOrDefault(recordType, Map.of()).getOrDefault(action, 0);
    }
}
