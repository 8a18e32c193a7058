package dev.align.illumera.sync;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The sync history's writes: a run ({@code illumera_sync_run}) and the records it touched ({@code illumera_sync_item}).
 */
@Component
class RunLog {

    record Item(SyncStore.RecordType type, Long alignId, String illumeraId, String direction, String action,
                Map<String, Object> changes, String message) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;
    private final Clock clock;

    RunLog(JdbcClient jdbc, JdbcTemplate template, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
        this.clock = clock;
    }

    long startRun(long organisationId, String trigger, String node) {
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO illumera_sync_run (organisation_id, run_trigger, node, started_at, outcome, counts)
                        VALUES (?, ?, ?, ?, 'RUNNING', '{}')""")
                .params(organisationId, trigger, node, Timestamp.from(clock.instant()))
                .update(key);
        return java.util.Objects.requireNonNull(key.getKey(), "no id for the new run").longValue();
    }

    /**
     * Runs of the organisation still marked RUNNING when a node starts one under the organisation's lock were
     * abandoned: their node died (killed, restarted) before finishing them. They end as FAILED, so the history,
     * undo and retention see them ended; a fenced run that comes back still writes its own outcome over this.
     */
    int endAbandoned(long organisationId) {
        return jdbc.sql("""
                        UPDATE illumera_sync_run SET outcome = 'FAILED', ended_at = ?, message = ?
                        WHERE organisation_id = ? AND outcome = 'RUNNING'""")
                .params(Timestamp.from(clock.instant()), "Ended without finishing: the node running it stopped (a"
                        + " crash or a restart). The next run continued from what it had recorded.", organisationId)
                .update();
    }

    /** {@code oldestChange}: when the oldest change the run carried was made (null: it carried none). */
    void finishRun(long organisationId, long runId, String outcome, String message, Map<String, Map<String, Integer>> counts,
                   Instant oldestChange) {
        Instant now = clock.instant();
        jdbc.sql("UPDATE illumera_sync_run SET ended_at = ?, outcome = ?, message = ?, counts = ?, oldest_change_at = ?"
                        + " WHERE id = ? AND organisation_id = ?")
                .params(Timestamp.from(now), outcome, message == null ? null : truncate(message, 2000),
                        json.writeValueAsString(counts), oldestChange == null ? null : Timestamp.from(oldestChange),
                        runId, organisationId)
                .update();
        jdbc.sql("""
                        UPDATE illumera_sync_state SET last_run_at = ?, running_run_id = NULL, progress_done = 0,
                               progress_total = 0 WHERE organisation_id = ?""")
                .params(Timestamp.from(now), organisationId).update();
    }

    void items(long organisationId, long runId, List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        template.batchUpdate("""
                        INSERT INTO illumera_sync_item (run_id, organisation_id, record_type, align_id, illumera_id,
                                                        direction, action, changes, message, at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", items, 500, (ps, item) -> {
            ps.setLong(1, runId);
            ps.setLong(2, organisationId);
            ps.setString(3, item.type().name());
            ps.setObject(4, item.alignId());
            ps.setString(5, item.illumeraId());
            ps.setString(6, item.direction());
            ps.setString(7, item.action());
            ps.setString(8, item.changes() == null || item.changes().isEmpty() ? null
                    : json.writeValueAsString(item.changes()));
            ps.setString(9, item.message() == null ? null : truncate(item.message(), 1000));
            ps.setTimestamp(10, now);
        });
    }

    /** Cut to at most {@code max} characters, never inside a surrogate pair. */
    private static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isLowSurrogate(text.charAt(end))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** The failed runs since the organisation's last run that did not fail: their count and the first one. */
    record FailingStreak(int runs, long firstRunId, Instant since) {
    }

    FailingStreak failingStreak(long organisationId) {
        return jdbc.sql("""
                        SELECT COUNT(*), MIN(id), MIN(started_at) FROM illumera_sync_run
                        WHERE organisation_id = :org AND outcome = 'FAILED' AND id > COALESCE((SELECT MAX(id)
                            FROM illumera_sync_run WHERE organisation_id = :org AND outcome NOT IN ('FAILED', 'RUNNING')), 0)""")
                .param("org", organisationId)
                .query((rs, n) -> new FailingStreak(rs.getInt(1), rs.getLong(2),
                        rs.getTimestamp(3) == null ? null : rs.getTimestamp(3).toInstant()))
                .single();
    }
}
