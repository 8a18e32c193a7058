package dev.align.illumera.sync;

import dev.align.illumera.client.IllumeraModel.FeedMark;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sync's own tables: links, where the next run starts, runs and their items, conflicts, duplicates. */
@Component
class SyncStore {

    enum RecordType { PROJECT, ENTRY, RELEASE }

    /**
     * SEPARATE: a held record a person chose to create on the other side anyway; the create replaces
     * the row (in its own transaction), so a crash before it leaves the choice in place.
     */
    enum LinkState { PENDING, LINKED, HELD, GONE, SEPARATE }

    record Link(long id, RecordType type, Long alignId, String illumeraId, String workspaceId, LinkState state,
                String idempotencyKey, String pendingBody, Map<String, String> base, Long illumeraVersion,
                Integer alignVersion, boolean needsRetry, Instant createdAt) {
    }

    record State(long outboxPosition, FeedMark taskMark, boolean initialDone, boolean initialStarted, boolean runAgain,
                 String pausedReason, boolean massChangeAllowed, Instant lastRunAt, boolean backfillAll,
                 boolean driftDue) {
    }

    /** What the engine needs of the connection: the home workspace, the sealed key, the saved settings. */
    record Connection(long organisationId, String workspaceId, String workspaceName, String state, Long secretId,
                      String settingsJson, Instant connectedAt) {
        boolean active() {
            return "CONNECTED".equals(state) && secretId != null;
        }
    }

    record Item(RecordType type, Long alignId, String illumeraId, String direction, String action,
                Map<String, Object> changes, String message) {
    }

    record OpenConflict(long id, long linkId, String field, String resolution) {
    }

    private static final int CHUNK = 500;
    private static final List<String> INCLUDED = java.util.Arrays.stream(dev.align.organisation.Plan.values())
            .filter(dev.align.organisation.Plan::includesIllumera).map(Enum::name).toList();
    private static final TypeReference<Map<String, String>> BASE = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;
    private final Clock clock;

    SyncStore(JdbcClient jdbc, JdbcTemplate template, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
        this.clock = clock;
    }

    Optional<Connection> connection(long organisationId) {
        return jdbc.sql("""
                        SELECT c.organisation_id, c.workspace_id, c.workspace_name, c.state, c.api_key_secret_id, s.settings,
                               c.connected_at
                        FROM illumera_connection c LEFT JOIN illumera_settings s ON s.organisation_id = c.organisation_id
                        WHERE c.organisation_id = ?""")
                .param(organisationId)
                .query((rs, n) -> new Connection(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, Long.class), rs.getString(6), instant(rs.getTimestamp(7))))
                .optional();
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
                        rs.getBoolean(5), rs.getString(6), rs.getBoolean(7), instant(rs.getTimestamp(8)),
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

    record Progress(Long runId, int done, int total, Instant startedAt) {
    }

    Progress progress(long organisationId) {
        return jdbc.sql("""
                        SELECT running_run_id, progress_done, progress_total, progress_started_at
                        FROM illumera_sync_state WHERE organisation_id = ?""")
                .param(organisationId)
                .query((rs, n) -> new Progress(rs.getObject(1, Long.class), rs.getInt(2), rs.getInt(3),
                        instant(rs.getTimestamp(4))))
                .optional().orElse(new Progress(null, 0, 0, null));
    }

    // ---- links

    List<Link> linksByAlign(long organisationId, RecordType type, Collection<Long> alignIds) {
        return chunked(new ArrayList<>(alignIds), chunk -> jdbc.sql("SELECT * FROM illumera_link WHERE organisation_id = :org"
                        + " AND record_type = :type AND align_id IN (:ids)")
                .param("org", organisationId).param("type", type.name()).param("ids", chunk)
                .query(this::mapLink).list());
    }

    List<Link> linksByIllumera(long organisationId, RecordType type, Collection<String> illumeraIds) {
        return chunked(new ArrayList<>(illumeraIds), chunk -> jdbc.sql("SELECT * FROM illumera_link WHERE organisation_id = :org"
                        + " AND record_type = :type AND illumera_id IN (:ids)")
                .param("org", organisationId).param("type", type.name()).param("ids", chunk)
                .query(this::mapLink).list());
    }

    List<Link> links(long organisationId, RecordType type, LinkState state) {
        return jdbc.sql("SELECT * FROM illumera_link WHERE organisation_id = ? AND record_type = ? AND state = ? ORDER BY id")
                .params(organisationId, type.name(), state.name())
                .query(this::mapLink).list();
    }

    Optional<Link> link(long linkId) {
        return jdbc.sql("SELECT * FROM illumera_link WHERE id = ?").param(linkId).query(this::mapLink).optional();
    }

    /** Step 1 of a crash-safe create: the pending link with its idempotency key and exact body. */
    long insertPending(long organisationId, RecordType type, long alignId, String workspaceId, String key, String body) {
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM illumera_link WHERE organisation_id = ? AND record_type = ? AND align_id = ?"
                + " AND state = 'SEPARATE'").params(organisationId, type.name(), alignId).update();
        jdbc.sql("""
                        INSERT INTO illumera_link (organisation_id, record_type, align_id, workspace_id, state,
                                                   idempotency_key, pending_body, created_at, updated_at)
                        VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)""")
                .params(organisationId, type.name(), alignId, workspaceId, key, body, Timestamp.from(now),
                        Timestamp.from(now))
                .update();
        return jdbc.sql("SELECT id FROM illumera_link WHERE organisation_id = ? AND record_type = ? AND align_id = ?")
                .params(organisationId, type.name(), alignId).query(Long.class).single();
    }

    /** Step 3: the Illumera id and the new base on the link, after Illumera answered. */
    void completePending(long linkId, String illumeraId, long illumeraVersion, Integer alignVersion,
                         Map<String, String> base) {
        jdbc.sql("""
                        UPDATE illumera_link SET illumera_id = ?, state = 'LINKED', illumera_version = ?, align_version = ?,
                               base = ?, pending_body = NULL, updated_at = ? WHERE id = ?""")
                .params(illumeraId, illumeraVersion, alignVersion, json.writeValueAsString(base),
                        Timestamp.from(clock.instant()), linkId)
                .update();
    }

    /** An entry's move to another workspace begins: the move is kept on its link until it is done. */
    void startMove(long linkId, String key, String move) {
        jdbc.sql("UPDATE illumera_link SET idempotency_key = ?, pending_body = ?, updated_at = ? WHERE id = ? AND state = 'LINKED'")
                .params(key, move, Timestamp.from(clock.instant()), linkId).update();
    }

    /** The moved entry's new task: the link follows it, with its id and history. */
    void moved(long linkId, String illumeraId, String workspaceId, long illumeraVersion, Integer alignVersion,
               Map<String, String> base) {
        jdbc.sql("""
                        UPDATE illumera_link SET illumera_id = ?, workspace_id = ?, illumera_version = ?,
                               align_version = COALESCE(?, align_version), base = ?, needs_retry = FALSE, updated_at = ?
                        WHERE id = ?""")
                .params(illumeraId, workspaceId, illumeraVersion, alignVersion, json.writeValueAsString(base),
                        Timestamp.from(clock.instant()), linkId)
                .update();
    }

    /** A task Illumera recreated elsewhere: the link follows it; its version is unknown until decided. */
    void relinked(long linkId, String illumeraId, String workspaceId) {
        jdbc.sql("UPDATE illumera_link SET illumera_id = ?, workspace_id = ?, illumera_version = NULL, updated_at = ? WHERE id = ?")
                .params(illumeraId, workspaceId, Timestamp.from(clock.instant()), linkId).update();
    }

    void moveDone(long linkId) {
        jdbc.sql("UPDATE illumera_link SET pending_body = NULL, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), linkId).update();
    }

    /** Linked entries whose move to another workspace an earlier run did not finish. */
    List<Link> moving(long organisationId) {
        return jdbc.sql("""
                        SELECT * FROM illumera_link WHERE organisation_id = ? AND record_type = 'ENTRY' AND state = 'LINKED'
                        AND pending_body IS NOT NULL ORDER BY id""")
                .param(organisationId).query(this::mapLink).list();
    }

    void deleteLink(long linkId) {
        jdbc.sql("DELETE FROM illumera_link WHERE id = ? AND state = 'PENDING'").param(linkId).update();
    }

    long insertLinked(long organisationId, RecordType type, long alignId, String illumeraId, String workspaceId,
                      Map<String, String> base, Long illumeraVersion, Integer alignVersion) {
        Instant now = clock.instant();
        jdbc.sql("DELETE FROM illumera_link WHERE organisation_id = ? AND record_type = ? AND state = 'SEPARATE'"
                + " AND (illumera_id = ? OR align_id = ?)").params(organisationId, type.name(), illumeraId, alignId).update();
        jdbc.sql("""
                        INSERT INTO illumera_link (organisation_id, record_type, align_id, illumera_id, workspace_id,
                                                   state, base, illumera_version, align_version, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'LINKED', ?, ?, ?, ?, ?)""")
                .params(organisationId, type.name(), alignId, illumeraId, workspaceId,
                        base == null ? null : json.writeValueAsString(base), illumeraVersion, alignVersion,
                        Timestamp.from(now), Timestamp.from(now))
                .update();
        return jdbc.sql("SELECT id FROM illumera_link WHERE organisation_id = ? AND record_type = ? AND align_id = ?")
                .params(organisationId, type.name(), alignId).query(Long.class).single();
    }

    /** The pair's new agreement; a pair that needed another try no longer does. */
    void updateLink(long linkId, Map<String, String> base, Long illumeraVersion, Integer alignVersion) {
        jdbc.sql("""
                        UPDATE illumera_link SET base = ?, illumera_version = COALESCE(?, illumera_version),
                               align_version = COALESCE(?, align_version), needs_retry = FALSE, updated_at = ?
                        WHERE id = ?""")
                .params(json.writeValueAsString(base), illumeraVersion, alignVersion, Timestamp.from(clock.instant()),
                        linkId)
                .update();
    }

    /** A pair a run could not finish: the next run reads both sides afresh and decides again. */
    void markRetry(long linkId) {
        jdbc.sql("UPDATE illumera_link SET needs_retry = TRUE, updated_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), linkId).update();
    }

    void clearRetry(long linkId) {
        jdbc.sql("UPDATE illumera_link SET needs_retry = FALSE WHERE id = ?").param(linkId).update();
    }

    List<Link> retries(long organisationId) {
        return jdbc.sql("SELECT * FROM illumera_link WHERE organisation_id = ? AND needs_retry AND state = 'LINKED'")
                .param(organisationId).query(this::mapLink).list();
    }

    /** A record several others share a name with: left to a person, never created on the other side. */
    void hold(long organisationId, RecordType type, Long alignId, String illumeraId, String workspaceId,
              String name) {
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT IGNORE INTO illumera_link (organisation_id, record_type, align_id, illumera_id, workspace_id,
                                                          state, held_name, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'HELD', ?, ?, ?)""")
                .params(organisationId, type.name(), alignId, illumeraId, workspaceId, name, Timestamp.from(now),
                        Timestamp.from(now))
                .update();
    }

    /** A held record of the organisation, for a person's decision. */
    Optional<Link> heldLink(long organisationId, long linkId) {
        return jdbc.sql("SELECT * FROM illumera_link WHERE id = ? AND organisation_id = ? AND state = 'HELD'")
                .params(linkId, organisationId).query(this::mapLink).optional();
    }

    /** Held records of the organisation (of the given workspaces, or all): planned afresh. */
    void releaseHeld(long organisationId, java.util.Set<String> workspaces) {
        if (workspaces == null) {
            jdbc.sql("DELETE FROM illumera_link WHERE organisation_id = ? AND state = 'HELD'").param(organisationId).update();
        } else if (!workspaces.isEmpty()) {
            jdbc.sql("DELETE FROM illumera_link WHERE organisation_id = :org AND state = 'HELD' AND workspace_id IN (:ws)")
                    .param("org", organisationId).param("ws", workspaces).update();
        }
    }

    /**
     * Workspaces paired with a project whose existing records were not matched yet (a project link
     * without a base): a new pairing, or one whose matching a run could not finish.
     */
    List<String> workspacesToBackfill(long organisationId) {
        return jdbc.sql("""
                        SELECT illumera_id FROM illumera_link
                        WHERE organisation_id = ? AND record_type = 'PROJECT' AND state = 'LINKED' AND base IS NULL""")
                .param(organisationId).query(String.class).list();
    }

    void backfilled(long organisationId) {
        jdbc.sql("""
                        UPDATE illumera_link SET base = '{}'
                        WHERE organisation_id = ? AND record_type = 'PROJECT' AND state = 'LINKED' AND base IS NULL""")
                .param(organisationId).update();
        jdbc.sql("UPDATE illumera_sync_state SET backfill_all = FALSE, drift_due = FALSE WHERE organisation_id = ?")
                .param(organisationId).update();
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

    /** A record deleted on one side: the link is kept for the history, and no longer synced. */
    void markGone(long linkId) {
        jdbc.sql("UPDATE illumera_link SET state = 'GONE', updated_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), linkId).update();
    }

    int countLinks(long organisationId, RecordType type) {
        return jdbc.sql("SELECT COUNT(*) FROM illumera_link WHERE organisation_id = ? AND record_type = ? AND state <> 'GONE'")
                .params(organisationId, type.name()).query(Integer.class).single();
    }

    // ---- duplicates

    boolean recordDuplicate(long organisationId, String taskId, String taskName, long entryId, String linkedTaskId) {
        return jdbc.sql("""
                        INSERT IGNORE INTO illumera_duplicate (organisation_id, task_id, task_name, entry_id, linked_task_id, found_at)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(organisationId, taskId, taskName, entryId, linkedTaskId, Timestamp.from(clock.instant()))
                .update() == 1;
    }

    boolean isDuplicate(long organisationId, String taskId) {
        return jdbc.sql("SELECT COUNT(*) FROM illumera_duplicate WHERE organisation_id = ? AND task_id = ?")
                .params(organisationId, taskId).query(Integer.class).single() > 0;
    }

    // ---- runs

    long startRun(long organisationId, String trigger, String node) {
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO illumera_sync_run (organisation_id, run_trigger, node, started_at, outcome, counts)
                        VALUES (?, ?, ?, ?, 'RUNNING', '{}')""")
                .params(organisationId, trigger, node, Timestamp.from(clock.instant()))
                .update(key);
        return java.util.Objects.requireNonNull(key.getKey(), "no id for the new run").longValue();
    }

    void finishRun(long organisationId, long runId, String outcome, String message, Map<String, Map<String, Integer>> counts) {
        Instant now = clock.instant();
        jdbc.sql("UPDATE illumera_sync_run SET ended_at = ?, outcome = ?, message = ?, counts = ?"
                        + " WHERE id = ? AND organisation_id = ?")
                .params(Timestamp.from(now), outcome, message == null ? null : truncate(message, 2000),
                        json.writeValueAsString(counts), runId, organisationId)
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

    // ---- conflicts

    /** Stores (or refreshes) the open conflict of one field of a link. */
    void conflict(long organisationId, long linkId, String field, String base, String alignValue, String illumeraValue) {
        jdbc.sql("""
                        INSERT INTO illumera_conflict (organisation_id, link_id, field, base_value, align_value,
                                                       illumera_value, detected_at, open_key)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON DUPLICATE KEY UPDATE align_value = VALUES(align_value), illumera_value = VALUES(illumera_value)""")
                .params(organisationId, linkId, field, base, alignValue, illumeraValue, Timestamp.from(clock.instant()),
                        linkId + ":" + field)
                .update();
    }

    /** Open conflicts of these links, including those a person resolved and the engine has yet to apply. */
    List<OpenConflict> openConflicts(long organisationId, Collection<Long> linkIds) {
        return chunked(new ArrayList<>(linkIds), chunk -> jdbc.sql("""
                        SELECT id, link_id, field, resolution FROM illumera_conflict
                        WHERE organisation_id = :org AND open_key IS NOT NULL AND link_id IN (:ids)""")
                .param("org", organisationId).param("ids", chunk)
                .query((rs, n) -> new OpenConflict(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                .list());
    }

    /** Links with a resolution a person chose that the engine has not applied yet. */
    List<Long> linksWithResolutions(long organisationId) {
        return jdbc.sql("""
                        SELECT DISTINCT link_id FROM illumera_conflict
                        WHERE organisation_id = ? AND open_key IS NOT NULL AND resolution IS NOT NULL""")
                .param(organisationId).query(Long.class).list();
    }

    void conflictApplied(long conflictId) {
        jdbc.sql("UPDATE illumera_conflict SET open_key = NULL, applied_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), conflictId).update();
    }

    /** Two-sided agreement reached without the inspector (e.g. both sides now equal): the conflict is gone. */
    void conflictSettled(long conflictId) {
        jdbc.sql("""
                        UPDATE illumera_conflict SET open_key = NULL, resolved_at = COALESCE(resolved_at, ?),
                               resolution = COALESCE(resolution, 'SETTLED'), applied_at = ? WHERE id = ?""")
                .params(Timestamp.from(clock.instant()), Timestamp.from(clock.instant()), conflictId).update();
    }

    // ---- helpers

    private Link mapLink(ResultSet rs, int row) throws SQLException {
        String base = rs.getString("base");
        return new Link(rs.getLong("id"), RecordType.valueOf(rs.getString("record_type")),
                rs.getObject("align_id", Long.class), rs.getString("illumera_id"), rs.getString("workspace_id"),
                LinkState.valueOf(rs.getString("state")), rs.getString("idempotency_key"),
                rs.getString("pending_body"), base == null ? null : json.readValue(base, BASE),
                rs.getObject("illumera_version", Long.class), rs.getObject("align_version", Integer.class),
                rs.getBoolean("needs_retry"), instant(rs.getTimestamp("created_at")));
    }

    private static <T, R> List<R> chunked(List<T> ids, java.util.function.Function<List<T>, List<R>> query) {
        List<R> all = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            all.addAll(query.apply(ids.subList(i, Math.min(ids.size(), i + CHUNK))));
        }
        return all;
    }

    static Map<String, String> copy(Map<String, String> base) {
        return base == null ? new HashMap<>() : new HashMap<>(base);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
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
}
