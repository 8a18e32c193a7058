package dev.align.illumera.sync;

import dev.align.illumera.client.IllumeraModel.FeedMark;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Where each organisation's sync stands ({@code illumera_sync_state}): the marks the next run starts from,
 * a pause and its reason, the run in flight and its progress, and what the next run must do besides.
 */
@Component
class SyncStates {

    record State(long outboxPosition, FeedMark taskMark, boolean initialDone, boolean initialStarted, boolean runAgain,
                 String pausedReason, boolean massChangeAllowed, Instant lastRunAt, boolean backfillAll,
                 boolean driftDue) {
    }

    record Progress(Long runId, int done, int total, Instant startedAt) {
    }

    private static final List<String> INCLUDED = java.util.Arrays.stream(dev.align.organisation.Plan.values())
            .filter(dev.align.organisation.Plan::includesIllumera).map(Enum::name).toList();

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    SyncStates(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Connected, configured and not paused organisations whose plan includes the add-on and whose last
     * run is older than {@code since}.
     */
    List<Long> due(Instant since) {
        return jdbc.sql("""
                        SELECT c.organisation_id FROM illumera_connection c
                        JOIN illumera_settings s ON s.organisation_id = c.organisation_id
                        JOIN organisation o ON o.id = c.organisation_id AND o.plan IN (:plans)
                        LEFT JOIN illumera_sync_state t ON t.organisation_id = c.organisation_id
                        WHERE c.state = 'CONNECTED' AND c.api_key_secret_id IS NOT NULL AND t.paused_reason IS NULL
                          AND (t.last_run_at IS NULL OR t.last_run_at < :since OR t.run_again)
                        ORDER BY t.last_run_at IS NOT NULL, t.last_run_at, c.organisation_id""")
                .param("plans", INCLUDED).param("since", Timestamp.from(since))
                .query(Long.class).list();
    }

    /**
     * Whether the organisation's plan includes the add-on now. A downgrade stops the sync without
     * touching the connection or its links; an upgrade resumes from them.
     */
    boolean included(long organisationId) {
        return jdbc.sql("SELECT COUNT(*) FROM organisation WHERE id = :id AND plan IN (:plans)")
                .param("id", organisationId).param("plans", INCLUDED).query(Integer.class).single() > 0;
    }

    State state(long organisationId) {
        jdbc.sql("INSERT IGNORE INTO illumera_sync_state (organisation_id) VALUES (?)").param(organisationId).update();
        return jdbc.sql("""
                        SELECT outbox_position, task_mark, initial_done, initial_started, run_again, paused_reason,
                               mass_change_allowed, last_run_at, backfill_all, drift_due
                        FROM illumera_sync_state WHERE organisation_id = ?""")
                .param(organisationId)
                .query((rs, n) -> new State(rs.getLong(1), rs.getString(2) == null ? null
                        : json.readValue(rs.getString(2), FeedMark.class), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getBoolean(5), rs.getString(6), rs.getBoolean(7), SqlRows.instant(rs.getTimestamp(8)),
                        rs.getBoolean(9), rs.getBoolean(10)))
                .single();
    }

    /**
     * Where the next run starts. The first attempt of an initial sync stores its starting marks with
     * {@code initialDone} false; a later attempt keeps them, so edits made between attempts are not
     * skipped.
     */
    /** Why the organisation's sync is paused, or null; reads only (no state row is made). */
    String pausedReason(long organisationId) {
        return jdbc.sql("SELECT paused_reason FROM illumera_sync_state WHERE organisation_id = ?")
                .param(organisationId).query(String.class).optional().orElse(null);
    }

    void saveMarks(long organisationId, long outboxPosition, FeedMark taskMark, boolean initialDone) {
        jdbc.sql("""
                        UPDATE illumera_sync_state SET outbox_position = ?, task_mark = ?, initial_done = ?,
                               initial_started = TRUE
                        WHERE organisation_id = ?""")
                .params(outboxPosition, taskMark == null ? null : json.writeValueAsString(taskMark), initialDone,
                        organisationId)
                .update();
    }

    /**
     * Connected to another workspace since the last run: its links, marks, conflicts and duplicates
     * belonged to the old one and are cleared (the run history stays). Called under the organisation's
     * lock, at the start of a run.
     */
    void resetIfAnotherWorkspace(long organisationId) {
        if (jdbc.sql("UPDATE illumera_sync_state SET reset_requested = FALSE WHERE organisation_id = ? AND reset_requested")
                .param(organisationId).update() == 0) {
            return;
        }
        for (String table : List.of("illumera_conflict", "illumera_duplicate", "illumera_link", "illumera_sync_state")) {
            jdbc.sql("DELETE FROM " + table + " WHERE organisation_id = ?").param(organisationId).update();
        }
    }

    /** A trigger that found the lock taken leaves this mark; the run in flight goes round once more. */
    void requestRunAgain(long organisationId) {
        jdbc.sql("INSERT INTO illumera_sync_state (organisation_id, run_again) VALUES (?, TRUE)"
                + " ON DUPLICATE KEY UPDATE run_again = TRUE").param(organisationId).update();
    }

    boolean takeRunAgain(long organisationId) {
        return jdbc.sql("UPDATE illumera_sync_state SET run_again = FALSE WHERE organisation_id = ? AND run_again")
                .param(organisationId).update() == 1;
    }

    void pause(long organisationId, String reason) {
        jdbc.sql("UPDATE illumera_sync_state SET paused_reason = ?, mass_change_allowed = FALSE WHERE organisation_id = ?")
                .params(reason, organisationId).update();
    }

    /** Ends a pause; {@code allowMassChange} lets the next run do the large change a person has checked. */
    int resume(long organisationId, boolean allowMassChange) {
        return jdbc.sql("""
                        UPDATE illumera_sync_state SET paused_reason = NULL, mass_change_allowed = ?
                        WHERE organisation_id = ? AND paused_reason IS NOT NULL""")
                .params(allowMassChange, organisationId).update();
    }

    void massChangeUsed(long organisationId) {
        jdbc.sql("UPDATE illumera_sync_state SET mass_change_allowed = FALSE WHERE organisation_id = ?")
                .param(organisationId).update();
    }

    void progress(long organisationId, Long runId, int done, int total) {
        jdbc.sql("""
                        UPDATE illumera_sync_state SET running_run_id = ?, progress_done = ?, progress_total = ?,
                               progress_started_at = CASE WHEN ? THEN ? ELSE progress_started_at END
                        WHERE organisation_id = ?""")
                .params(runId, done, total, done == 0, Timestamp.from(clock.instant()), organisationId).update();
    }

    Progress progress(long organisationId) {
        return jdbc.sql("""
                        SELECT running_run_id, progress_done, progress_total, progress_started_at
                        FROM illumera_sync_state WHERE organisation_id = ?""")
                .param(organisationId)
                .query((rs, n) -> new Progress(rs.getObject(1, Long.class), rs.getInt(2), rs.getInt(3),
                        SqlRows.instant(rs.getTimestamp(4))))
                .optional().orElse(new Progress(null, 0, 0, null));
    }

    /**
     * Every organisation whose initial sync is done gets a drift check as its next run (the nightly job
     * only marks them: the scheduler's bounded pools on every node do the work, each under its lock).
     */
    int requestDriftChecks() {
        return jdbc.sql("""
                        UPDATE illumera_sync_state t JOIN illumera_connection c ON c.organisation_id = t.organisation_id
                        SET t.drift_due = TRUE WHERE t.initial_done AND c.state = 'CONNECTED'""").update();
    }

    /** The settings were widened: the next run brings across what was passed over (see {@code backfill_all}). */
    void requestBackfill(long organisationId) {
        jdbc.sql("INSERT INTO illumera_sync_state (organisation_id, backfill_all) VALUES (?, TRUE)"
                + " ON DUPLICATE KEY UPDATE backfill_all = TRUE").param(organisationId).update();
    }

    /** The database's time: what the outbox's occurred_at is written in. */
    Instant databaseNow() {
        return jdbc.sql("SELECT NOW(6)").query(Timestamp.class).single().toInstant();
    }
}
