package dev.align.illumera.triggers;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one way to {@code illumera_trigger_delivery} and {@code illumera_trigger_position}. Callers
 * check access; every query names its organisation.
 */
@Component
class TriggerDeliveries {

    enum State { PENDING, DELIVERED, FAILED }

    /** One event to deliver, and what became of it. */
    record Row(long id, long organisationId, long workChangeId, String event, long recordId, String workspaceId,
               Instant occurredAt, String payload, State state, int attempts, Instant nextAttemptAt,
               Instant lastAttemptAt, String answer, String illumeraTriggerId, Integer workflowsStarted) {

        /** The Idempotency-Key: the same for every attempt at this event, on any node. */
        String idempotencyKey() {
            return "align-trigger-" + organisationId + "-" + workChangeId + "-" + event;
        }
    }

    /** A row to be: the event read from the outbox with its data as of reading. */
    record New(long workChangeId, String event, long recordId, String workspaceId, Instant occurredAt, String payload) {
    }

    private final JdbcClient jdbc;

    TriggerDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Instant databaseNow() {
        return jdbc.sql("SELECT CURRENT_TIMESTAMP(6)").query(Timestamp.class).single().toInstant();
    }

    Optional<Long> position(long organisationId) {
        return jdbc.sql("SELECT outbox_position FROM illumera_trigger_position WHERE organisation_id = ?")
                .param(organisationId).query(Long.class).optional();
    }

    void savePosition(long organisationId, long position, Instant now) {
        jdbc.sql("""
                        INSERT INTO illumera_trigger_position (organisation_id, outbox_position, updated_at) VALUES (?, ?, ?)
                        ON DUPLICATE KEY UPDATE outbox_position = GREATEST(outbox_position, VALUES(outbox_position)),
                            updated_at = VALUES(updated_at)""")
                .params(organisationId, position, Timestamp.from(now)).update();
    }

    /** The outbox positions among these that already have a row (read again within the look-back). */
    Set<Long> known(long organisationId, Collection<Long> workChangeIds) {
        if (workChangeIds.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(jdbc.sql("SELECT work_change_id FROM illumera_trigger_delivery"
                        + " WHERE organisation_id = :org AND work_change_id IN (:ids)")
                .param("org", organisationId).param("ids", workChangeIds).query(Long.class).list());
    }

    /** Adds the rows; one that another node added first is left as it is (the unique key). */
    void add(long organisationId, List<New> rows, Instant now) {
        for (New row : rows) {
            jdbc.sql("""
                            INSERT IGNORE INTO illumera_trigger_delivery (organisation_id, work_change_id, event, record_id,
                                workspace_id, occurred_at, payload, state, next_attempt_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)""")
                    .params(organisationId, row.workChangeId(), row.event(), row.recordId(), row.workspaceId(),
                            Timestamp.from(row.occurredAt()), row.payload(), Timestamp.from(now))
                    .update();
        }
    }

    /** Organisations connected now with events after their position or deliveries due (every node's round). */
    List<Long> organisationsWithWork(Instant now) {
        return jdbc.sql("""
                        SELECT c.organisation_id FROM illumera_connection c
                        LEFT JOIN illumera_trigger_position p ON p.organisation_id = c.organisation_id
                        WHERE c.state = 'CONNECTED' AND (p.organisation_id IS NULL
                            OR EXISTS (SELECT 1 FROM work_change w WHERE w.organisation_id = c.organisation_id
                                       AND w.id > p.outbox_position)
                            OR EXISTS (SELECT 1 FROM illumera_trigger_delivery d WHERE d.organisation_id = c.organisation_id
                                       AND d.state = 'PENDING' AND d.next_attempt_at <= ?))
                        ORDER BY c.organisation_id""")
                .param(Timestamp.from(now)).query(Long.class).list();
    }

    List<Row> due(long organisationId, Instant now, int limit) {
        return jdbc.sql("SELECT * FROM illumera_trigger_delivery WHERE organisation_id = ? AND state = 'PENDING'"
                        + " AND next_attempt_at <= ? ORDER BY id LIMIT ?")
                .params(organisationId, Timestamp.from(now), limit).query(TriggerDeliveries::read).list();
    }

    /** The log, newest first, after {@code beforeId} (keyset paging). */
    List<Row> page(long organisationId, Long beforeId, int limit) {
        return jdbc.sql("SELECT * FROM illumera_trigger_delivery WHERE organisation_id = ? AND id < ?"
                        + " ORDER BY id DESC LIMIT ?")
                .params(organisationId, beforeId == null ? Long.MAX_VALUE : beforeId, limit)
                .query(TriggerDeliveries::read).list();
    }

    Optional<Row> find(long organisationId, long id) {
        return jdbc.sql("SELECT * FROM illumera_trigger_delivery WHERE organisation_id = ? AND id = ?")
                .params(organisationId, id).query(TriggerDeliveries::read).optional();
    }

    void delivered(long id, Instant at, String answer, String triggerId, int workflowsStarted) {
        jdbc.sql("""
                        UPDATE illumera_trigger_delivery SET state = 'DELIVERED', attempts = attempts + 1,
                            last_attempt_at = ?, answer = ?, illumera_trigger_id = ?, workflows_started = ?
                        WHERE id = ?""")
                .params(Timestamp.from(at), answer, triggerId, workflowsStarted, id).update();
    }

    /** A failed attempt: tried again at {@code next}, or (next null) given up. */
    void failed(long id, Instant at, String answer, Instant next) {
        jdbc.sql("""
                        UPDATE illumera_trigger_delivery SET attempts = attempts + 1, last_attempt_at = ?, answer = ?,
                            state = ?, next_attempt_at = COALESCE(?, next_attempt_at)
                        WHERE id = ?""")
                .params(Timestamp.from(at), abbreviate(answer), next == null ? "FAILED" : "PENDING",
                        next == null ? null : Timestamp.from(next), id)
                .update();
    }

    /** Not tried (the key is refused, the connection paused): the attempt is not counted. */
    void postponed(long id, String answer, Instant next) {
        jdbc.sql("UPDATE illumera_trigger_delivery SET answer = ?, next_attempt_at = ? WHERE id = ?")
                .params(abbreviate(answer), Timestamp.from(next), id).update();
    }

    /** A failed delivery a person sends again: from the first attempt, with the same idempotency key. */
    boolean again(long organisationId, long id, Instant now) {
        return jdbc.sql("""
                        UPDATE illumera_trigger_delivery SET state = 'PENDING', attempts = 0, next_attempt_at = ?
                        WHERE organisation_id = ? AND id = ? AND state = 'FAILED'""")
                .params(Timestamp.from(now), organisationId, id).update() == 1;
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 499) + "…";
    }

    private static Row read(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getLong("id"), rs.getLong("organisation_id"), rs.getLong("work_change_id"),
                rs.getString("event"), rs.getLong("record_id"), rs.getString("workspace_id"),
                rs.getTimestamp("occurred_at").toInstant(), rs.getString("payload"), State.valueOf(rs.getString("state")),
                rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(),
                instant(rs.getTimestamp("last_attempt_at")), rs.getString("answer"),
                rs.getString("illumera_trigger_id"), rs.getObject("workflows_started", Integer.class));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
