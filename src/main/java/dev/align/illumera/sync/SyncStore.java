package dev.align.illumera.sync;

import dev.align.illumera.connection.IllumeraConnections;
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

/**
 * The links between Align's records and Illumera's ({@code illumera_link}: linked, pending creates and moves,
 * held, gone), and the connection as the engine reads it. The other tables have their own stores:
 * {@link SyncStates}, {@link RunLog}, {@link SyncConflicts}, {@link SyncDuplicates}.
 */
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

    /** What the engine needs of the connection: the home workspace, the sealed key, the saved settings. */
    record Connection(long organisationId, String workspaceId, String workspaceName, String state, Long secretId,
                      String settingsJson, Instant connectedAt) {
        boolean active() {
            return "CONNECTED".equals(state) && secretId != null;
        }
    }

    private static final TypeReference<Map<String, String>> BASE = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final IllumeraConnections connections;
    private final JdbcTemplate template;
    private final JsonMapper json;
    private final Clock clock;

    SyncStore(JdbcClient jdbc, IllumeraConnections connections, JdbcTemplate template, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.connections = connections;
        this.template = template;
        this.json = json;
        this.clock = clock;
    }

    /**
     * True while the organisation is still connected with this workspace and key: a run checks it at
     * every step, so it reads the connection alone (not the settings).
     */
    boolean stillConnected(long organisationId, String workspaceId, Long secretId) {
        return connections.find(organisationId).filter(IllumeraConnections.Stored::active)
                .filter(c -> c.workspaceId().equals(workspaceId) && c.secretId().equals(secretId)).isPresent();
    }

    /** Whether the ShedLock lock is held by this node and not past its end (ShedLock's clock: UTC in the database). */
    boolean holdsLock(String lockName, String node) {
        return jdbc.sql("SELECT COUNT(*) FROM shedlock WHERE name = ? AND locked_by = ? AND lock_until > UTC_TIMESTAMP(3)")
                .params(lockName, node).query(Long.class).single() > 0;
    }

    /** The connection (from its repository) with the saved settings, as the engine reads them. */
    Optional<Connection> connection(long organisationId) {
        return connections.find(organisationId).map(c -> new Connection(organisationId, c.workspaceId(),
                c.workspaceName(), c.state(), c.secretId(), jdbc.sql("SELECT settings FROM illumera_settings"
                        + " WHERE organisation_id = ?").param(organisationId).query(String.class).optional().orElse(null),
                c.connectedAt()));
    }

    List<Link> linksByAlign(long organisationId, RecordType type, Collection<Long> alignIds) {
        return SqlRows.chunked(new ArrayList<>(alignIds), chunk -> jdbc.sql("SELECT * FROM illumera_link WHERE organisation_id = :org"
                        + " AND record_type = :type AND align_id IN (:ids)")
                .param("org", organisationId).param("type", type.name()).param("ids", chunk)
                .query(this::mapLink).list());
    }

    List<Link> linksByIllumera(long organisationId, RecordType type, Collection<String> illumeraIds) {
        return SqlRows.chunked(new ArrayList<>(illumeraIds), chunk -> jdbc.sql("SELECT * FROM illumera_link WHERE organisation_id = :org"
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

    /** A create about to be sent: the Align record, its workspace, the idempotency key and the exact body. */
    record Pending(long alignId, String workspaceId, String key, String body) {
    }

    /** A create Illumera answered: the Illumera id and the new base for the link. */
    record Completed(long linkId, String illumeraId, long illumeraVersion, Integer alignVersion,
                     Map<String, String> base) {
    }

    /**
     * Step 1 of crash-safe creates, for a whole batch in three statements: the pending links with their
     * idempotency keys and exact bodies (replacing a "create separately" choice).
     *
     * @return the new links' ids by Align id
     */
    Map<Long, Long> insertPending(long organisationId, RecordType type, List<Pending> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        List<Long> ids = rows.stream().map(Pending::alignId).toList();
        dropSeparate(organisationId, type, ids, List.of());
        Timestamp now = Timestamp.from(clock.instant());
        template.batchUpdate("""
                INSERT INTO illumera_link (organisation_id, record_type, align_id, workspace_id, state,
                                           idempotency_key, pending_body, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?, ?)""", rows, rows.size(), (ps, row) -> {
            ps.setLong(1, organisationId);
            ps.setString(2, type.name());
            ps.setLong(3, row.alignId());
            ps.setString(4, row.workspaceId());
            ps.setString(5, row.key());
            ps.setString(6, row.body());
            ps.setTimestamp(7, now);
            ps.setTimestamp(8, now);
        });
        Map<Long, Long> linkIds = new HashMap<>();
        jdbc.sql("SELECT id, align_id FROM illumera_link WHERE organisation_id = :org AND record_type = :type"
                        + " AND align_id IN (:ids)")
                .param("org", organisationId).param("type", type.name()).param("ids", ids)
                .query((rs, n) -> linkIds.put(rs.getLong(2), rs.getLong(1))).list();
        return linkIds;
    }

    /**
     * Step 3, for a batch in one statement: the Illumera ids and new bases on the links. One UPDATE over
     * a derived table rather than a JDBC batch, which the driver sends row by row for UPDATEs.
     */
    void completePending(List<Completed> rows) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder values = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (Completed row : rows) {
            values.append(values.isEmpty() ? "SELECT ? AS id, ? AS illumera_id, ? AS illumera_version, ? AS align_version,"
                    + " ? AS base" : " UNION ALL SELECT ?, ?, ?, ?, ?");
            params.addAll(java.util.Arrays.asList(row.linkId(), row.illumeraId(), row.illumeraVersion(),
                    row.alignVersion(), json.writeValueAsString(row.base())));
        }
        params.add(Timestamp.from(clock.instant()));
        jdbc.sql("UPDATE illumera_link l JOIN (" + values + ") x ON l.id = x.id"
                        + " SET l.illumera_id = x.illumera_id, l.state = 'LINKED', l.illumera_version = x.illumera_version,"
                        + " l.align_version = x.align_version, l.base = x.base, l.pending_body = NULL, l.updated_at = ?")
                .params(params).update();
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
        dropSeparate(organisationId, type, List.of(alignId), List.of(illumeraId));
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

    /** A pair matched by a run (not decided yet: no base, no versions). */
    record Matched(long alignId, String illumeraId, String workspaceId) {
    }

    /**
     * Links for a batch of matched pairs in three statements (replacing "create separately" choices of
     * either record), in the order given.
     */
    List<Link> insertLinked(long organisationId, RecordType type, List<Matched> pairs) {
        if (pairs.isEmpty()) {
            return List.of();
        }
        List<Long> alignIds = pairs.stream().map(Matched::alignId).toList();
        List<String> illumeraIds = pairs.stream().map(Matched::illumeraId).toList();
        dropSeparate(organisationId, type, alignIds, illumeraIds);
        Timestamp now = Timestamp.from(clock.instant());
        template.batchUpdate("""
                INSERT INTO illumera_link (organisation_id, record_type, align_id, illumera_id, workspace_id,
                                           state, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'LINKED', ?, ?)""", pairs, pairs.size(), (ps, pair) -> {
            ps.setLong(1, organisationId);
            ps.setString(2, type.name());
            ps.setLong(3, pair.alignId());
            ps.setString(4, pair.illumeraId());
            ps.setString(5, pair.workspaceId());
            ps.setTimestamp(6, now);
            ps.setTimestamp(7, now);
        });
        Map<Long, Link> byAlign = new HashMap<>();
        linksByAlign(organisationId, type, alignIds).forEach(link -> byAlign.put(link.alignId(), link));
        return alignIds.stream().map(byAlign::get).toList();
    }

    /**
     * Removes "create separately" marks of these records before their links are written. Found by a plain
     * read and deleted by primary key: a DELETE by a condition that matches nothing would take gap locks
     * on the index, and two organisations' runs inserting links next to each other then deadlock.
     */
    private void dropSeparate(long organisationId, RecordType type, List<Long> alignIds, List<String> illumeraIds) {
        String where = "organisation_id = :org AND record_type = :type AND state = 'SEPARATE' AND ("
                + (alignIds.isEmpty() ? "FALSE" : "align_id IN (:entries)")
                + (illumeraIds.isEmpty() ? "" : " OR illumera_id IN (:tasks)") + ")";
        var query = jdbc.sql("SELECT id FROM illumera_link WHERE " + where)
                .param("org", organisationId).param("type", type.name());
        if (!alignIds.isEmpty()) {
            query = query.param("entries", alignIds);
        }
        if (!illumeraIds.isEmpty()) {
            query = query.param("tasks", illumeraIds);
        }
        List<Long> marks = query.query(Long.class).list();
        if (!marks.isEmpty()) {
            jdbc.sql("DELETE FROM illumera_link WHERE id IN (:ids)").param("ids", marks).update();
        }
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

    /** A record deleted on one side: the link is kept for the history, and no longer synced. */
    void markGone(long linkId) {
        jdbc.sql("UPDATE illumera_link SET state = 'GONE', updated_at = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), linkId).update();
    }

    int countLinks(long organisationId, RecordType type) {
        return jdbc.sql("SELECT COUNT(*) FROM illumera_link WHERE organisation_id = ? AND record_type = ? AND state <> 'GONE'")
                .params(organisationId, type.name()).query(Integer.class).single();
    }

    private Link mapLink(ResultSet rs, int row) throws SQLException {
        String base = rs.getString("base");
        return new Link(rs.getLong("id"), RecordType.valueOf(rs.getString("record_type")),
                rs.getObject("align_id", Long.class), rs.getString("illumera_id"), rs.getString("workspace_id"),
                LinkState.valueOf(rs.getString("state")), rs.getString("idempotency_key"),
                rs.getString("pending_body"), base == null ? null : json.readValue(base, BASE),
                rs.getObject("illumera_version", Long.class), rs.getObject("align_version", Integer.class),
                rs.getBoolean("needs_retry"), SqlRows.instant(rs.getTimestamp("created_at")));
    }

    static Map<String, String> copy(Map<String, String> base) {
        return base == null ? new HashMap<>() : new HashMap<>(base);
    }
}
