package dev.align.sandbox;

import dev.align.sandbox.Records.Field;
import dev.align.sandbox.Records.ImportRule;
import dev.align.sandbox.Records.Member;
import dev.align.sandbox.Records.Sprint;
import dev.align.sandbox.Records.Status;
import dev.align.sandbox.Records.Task;
import dev.align.sandbox.Records.Workspace;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The sandbox's own tables (sbx_…). */
@Repository
class SandboxStore {

    record StoredKey(String id, String label, Instant createdAt, Instant expiresAt, boolean revoked) {
    }

    record StoredAnswer(String bodyHash, int status, String body, Instant createdAt) {
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final javax.sql.DataSource dataSource;

    SandboxStore(JdbcClient jdbc, JsonMapper json, javax.sql.DataSource dataSource) {
        this.jdbc = jdbc;
        this.json = json;
        this.dataSource = dataSource;
    }

    // --- keys ---------------------------------------------------------------------------------

    Optional<StoredKey> keyByHash(String hash) {
        return jdbc.sql("SELECT id, label, created_at, expires_at, revoked FROM sbx_api_key WHERE key_hash = ?")
                .param(hash)
                .query((rs, n) -> new StoredKey(rs.getString("id"), rs.getString("label"), instant(rs, "created_at"),
                        instant(rs, "expires_at"), rs.getBoolean("revoked")))
                .optional();
    }

    Optional<StoredKey> key(String id) {
        return jdbc.sql("SELECT id, label, created_at, expires_at, revoked FROM sbx_api_key WHERE id = ?")
                .param(id)
                .query((rs, n) -> new StoredKey(rs.getString("id"), rs.getString("label"), instant(rs, "created_at"),
                        instant(rs, "expires_at"), rs.getBoolean("revoked")))
                .optional();
    }

    void insertKey(String id, String hash, String label, Instant createdAt, Instant expiresAt) {
        jdbc.sql("INSERT INTO sbx_api_key (id, key_hash, label, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, hash, label, ts(createdAt), ts(expiresAt)).update();
    }

    void expireKey(String id, Instant at) {
        jdbc.sql("UPDATE sbx_api_key SET expires_at = ? WHERE id = ?").params(ts(at), id).update();
    }

    Set<String> keyWorkspaces(String keyId) {
        return Set.copyOf(jdbc.sql("SELECT workspace_id FROM sbx_key_workspace WHERE key_id = ?").param(keyId)
                .query(String.class).list());
    }

    void grant(String keyId, String workspaceId) {
        jdbc.sql("INSERT IGNORE INTO sbx_key_workspace (key_id, workspace_id) VALUES (?, ?)")
                .params(keyId, workspaceId).update();
    }

    // --- workspaces ---------------------------------------------------------------------------

    Optional<Workspace> workspace(String id) {
        return jdbc.sql("SELECT * FROM sbx_workspace WHERE id = ?").param(id).query(this::mapWorkspace).optional();
    }

    Optional<Workspace> workspaceForUpdate(String id) {
        return jdbc.sql("SELECT * FROM sbx_workspace WHERE id = ? FOR UPDATE").param(id).query(this::mapWorkspace)
                .optional();
    }

    List<Workspace> workspaces(Collection<String> visible, Instant since, Cursor after, int limit) {
        return feed("SELECT * FROM sbx_workspace WHERE id IN (:visible)", visible, since, after, limit,
                this::mapWorkspace);
    }

    void insertWorkspace(Workspace w) {
        jdbc.sql("""
                        INSERT INTO sbx_workspace (id, name, archived, external_ref, created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(w.id(), w.name(), w.archived(), w.externalRef(), ts(w.createdAt()), ts(w.updatedAt()),
                        w.version()).update();
    }

    void updateWorkspace(Workspace w) {
        jdbc.sql("UPDATE sbx_workspace SET name = ?, archived = ?, updated_at = ?, version = ? WHERE id = ?")
                .params(w.name(), w.archived(), ts(w.updatedAt()), w.version(), w.id()).update();
    }

    List<Status> statuses(String workspaceId) {
        return jdbc.sql("SELECT status_key, name, category FROM sbx_status WHERE workspace_id = ? ORDER BY position")
                .param(workspaceId)
                .query((rs, n) -> new Status(rs.getString("status_key"), rs.getString("name"), rs.getString("category")))
                .list();
    }

    void insertStatus(String workspaceId, Status status, int position) {
        jdbc.sql("INSERT INTO sbx_status (workspace_id, status_key, name, category, position) VALUES (?, ?, ?, ?, ?)")
                .params(workspaceId, status.key(), status.name(), status.category(), position).update();
    }

    List<Field> fields(String workspaceId) {
        return jdbc.sql("SELECT field_key, name, field_type, options FROM sbx_field WHERE workspace_id = ? ORDER BY position")
                .param(workspaceId)
                .query((rs, n) -> new Field(rs.getString("field_key"), rs.getString("name"), rs.getString("field_type"),
                        rs.getString("options").isEmpty() ? List.of() : Arrays.asList(rs.getString("options").split("\n"))))
                .list();
    }

    void insertField(String workspaceId, Field field, int position) {
        jdbc.sql("""
                        INSERT INTO sbx_field (workspace_id, field_key, name, field_type, options, position)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(workspaceId, field.key(), field.name(), field.type(), String.join("\n", field.options()), position)
                .update();
    }

    List<ImportRule> importRules(String workspaceId) {
        return jdbc.sql("SELECT id, source, enabled FROM sbx_import_rule WHERE workspace_id = ? ORDER BY id")
                .param(workspaceId)
                .query((rs, n) -> new ImportRule(rs.getString("id"), rs.getString("source"), rs.getBoolean("enabled")))
                .list();
    }

    void insertImportRule(String workspaceId, ImportRule rule) {
        jdbc.sql("INSERT INTO sbx_import_rule (id, workspace_id, source, enabled) VALUES (?, ?, ?, ?)")
                .params(rule.id(), workspaceId, rule.source(), rule.enabled()).update();
    }

    // --- members ------------------------------------------------------------------------------

    List<Member> members(Collection<String> workspaces, String afterId, int limit) {
        if (workspaces.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT DISTINCT m.id, m.email, m.name FROM sbx_member m
                        JOIN sbx_workspace_member wm ON wm.member_id = m.id
                        WHERE wm.workspace_id IN (:workspaces) AND (:afterId IS NULL OR m.id > :afterId)
                        ORDER BY m.id LIMIT :limit""")
                .param("workspaces", workspaces).param("afterId", afterId).param("limit", limit)
                .query((rs, n) -> new Member(rs.getString("id"), rs.getString("email"), rs.getString("name"))).list();
    }

    boolean isMember(String workspaceId, String memberId) {
        return jdbc.sql("SELECT COUNT(*) FROM sbx_workspace_member WHERE workspace_id = ? AND member_id = ?")
                .params(workspaceId, memberId).query(Integer.class).single() > 0;
    }

    void insertMember(Member member, String workspaceId) {
        jdbc.sql("INSERT IGNORE INTO sbx_member (id, email, name) VALUES (?, ?, ?)")
                .params(member.id(), member.email(), member.name()).update();
        jdbc.sql("INSERT IGNORE INTO sbx_workspace_member (workspace_id, member_id) VALUES (?, ?)")
                .params(workspaceId, member.id()).update();
    }

    // --- tasks --------------------------------------------------------------------------------

    Optional<Task> task(String id) {
        return jdbc.sql("SELECT * FROM sbx_task WHERE id = ?").param(id).query(this::mapTask).optional();
    }

    Optional<Task> taskForUpdate(String id) {
        return jdbc.sql("SELECT * FROM sbx_task WHERE id = ? FOR UPDATE").param(id).query(this::mapTask).optional();
    }

    List<Task> tasks(Collection<String> workspaces, Instant since, Cursor after, int limit) {
        return feed("SELECT * FROM sbx_task WHERE workspace_id IN (:visible)", workspaces, since, after, limit,
                this::mapTask);
    }

    void insertTask(Task t) {
        jdbc.sql("""
                        INSERT INTO sbx_task (id, workspace_id, name, status, assignee_id, sprint_id, due_date,
                                              custom_fields, external_ref, deleted, created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(t.id(), t.workspaceId(), t.name(), t.status(), t.assigneeId(), t.sprintId(), t.dueDate(),
                        json.writeValueAsString(t.customFields()), t.externalRef(), t.deleted(), ts(t.createdAt()),
                        ts(t.updatedAt()), t.version())
                .update();
    }

    void insertTasks(List<Task> tasks) {
        var template = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        template.batchUpdate("""
                        INSERT INTO sbx_task (id, workspace_id, name, status, assignee_id, sprint_id, due_date,
                                              custom_fields, external_ref, deleted, created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", tasks, 500, (ps, t) -> {
            ps.setString(1, t.id());
            ps.setString(2, t.workspaceId());
            ps.setString(3, t.name());
            ps.setString(4, t.status());
            ps.setString(5, t.assigneeId());
            ps.setString(6, t.sprintId());
            ps.setObject(7, t.dueDate());
            ps.setString(8, json.writeValueAsString(t.customFields()));
            ps.setString(9, t.externalRef());
            ps.setBoolean(10, t.deleted());
            ps.setTimestamp(11, ts(t.createdAt()));
            ps.setTimestamp(12, ts(t.updatedAt()));
            ps.setInt(13, t.version());
        });
    }

    void updateTask(Task t) {
        jdbc.sql("""
                        UPDATE sbx_task SET name = ?, status = ?, assignee_id = ?, sprint_id = ?, due_date = ?,
                               custom_fields = ?, external_ref = ?, deleted = ?, updated_at = ?, version = ?
                        WHERE id = ?""")
                .params(t.name(), t.status(), t.assigneeId(), t.sprintId(), t.dueDate(),
                        json.writeValueAsString(t.customFields()), t.externalRef(), t.deleted(), ts(t.updatedAt()),
                        t.version(), t.id())
                .update();
    }

    // --- sprints ------------------------------------------------------------------------------

    Optional<Sprint> sprint(String id) {
        return jdbc.sql("SELECT * FROM sbx_sprint WHERE id = ?").param(id).query(this::mapSprint).optional();
    }

    Optional<Sprint> sprintForUpdate(String id) {
        return jdbc.sql("SELECT * FROM sbx_sprint WHERE id = ? FOR UPDATE").param(id).query(this::mapSprint).optional();
    }

    List<Sprint> sprints(Collection<String> workspaces, Instant since, Cursor after, int limit) {
        return feed("SELECT * FROM sbx_sprint WHERE workspace_id IN (:visible)", workspaces, since, after, limit,
                this::mapSprint);
    }

    void insertSprint(Sprint s) {
        jdbc.sql("""
                        INSERT INTO sbx_sprint (id, workspace_id, name, start_date, end_date, state, external_ref,
                                                created_at, updated_at, version)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(s.id(), s.workspaceId(), s.name(), s.startDate(), s.endDate(), s.state(), s.externalRef(),
                        ts(s.createdAt()), ts(s.updatedAt()), s.version())
                .update();
    }

    void updateSprint(Sprint s) {
        jdbc.sql("""
                        UPDATE sbx_sprint SET name = ?, start_date = ?, end_date = ?, state = ?, external_ref = ?,
                               updated_at = ?, version = ?
                        WHERE id = ?""")
                .params(s.name(), s.startDate(), s.endDate(), s.state(), s.externalRef(), ts(s.updatedAt()), s.version(),
                        s.id())
                .update();
    }

    // --- triggers -----------------------------------------------------------------------------

    void insertTrigger(String id, String keyId, String workspaceId, String event, String occurredAt, String body,
                       Instant at) {
        jdbc.sql("""
                        INSERT INTO sbx_trigger (id, key_id, workspace_id, event, occurred_at, body, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, keyId, workspaceId, event, occurredAt, body, ts(at)).update();
    }

    List<Map<String, Object>> triggers(String workspaceId) {
        return jdbc.sql("SELECT id, key_id, event, occurred_at, body, received_at FROM sbx_trigger "
                        + "WHERE workspace_id = ? ORDER BY received_at, id")
                .param(workspaceId).query().listOfRows();
    }

    // --- webhooks -----------------------------------------------------------------------------

    record Webhook(String id, String workspaceId, String url, List<String> events, String secret,
                   String previousSecret, Instant rotatedAt, boolean enabled, Instant failingSince) {
    }

    record Delivery(String id, String webhookId, String eventType, String body, int attempts) {
    }

    void insertWebhook(Webhook w, Instant at) {
        jdbc.sql("""
                        INSERT INTO sbx_webhook (id, workspace_id, url, events, secret, enabled, created_at)
                        VALUES (?, ?, ?, ?, ?, TRUE, ?)""")
                .params(w.id(), w.workspaceId(), w.url(), String.join(",", w.events()), w.secret(), ts(at)).update();
    }

    List<Webhook> webhooks(String workspaceId) {
        return jdbc.sql("SELECT * FROM sbx_webhook WHERE workspace_id = ? ORDER BY created_at, id")
                .param(workspaceId).query(this::mapWebhook).list();
    }

    Optional<Webhook> webhook(String id) {
        return jdbc.sql("SELECT * FROM sbx_webhook WHERE id = ?").param(id).query(this::mapWebhook).optional();
    }

    void deleteWebhook(String id) {
        jdbc.sql("DELETE FROM sbx_delivery WHERE webhook_id = ? AND state = 'pending'").param(id).update();
        jdbc.sql("DELETE FROM sbx_webhook WHERE id = ?").param(id).update();
    }

    void rotateWebhookSecret(String id, String secret, Instant at) {
        jdbc.sql("UPDATE sbx_webhook SET previous_secret = secret, secret = ?, rotated_at = ? WHERE id = ?")
                .params(secret, ts(at), id).update();
    }

    void webhookOutcome(String id, boolean succeeded, Instant at) {
        if (succeeded) {
            jdbc.sql("UPDATE sbx_webhook SET failing_since = NULL WHERE id = ?").param(id).update();
        } else {
            jdbc.sql("UPDATE sbx_webhook SET failing_since = COALESCE(failing_since, ?) WHERE id = ?")
                    .params(ts(at), id).update();
        }
    }

    void disableWebhook(String id) {
        jdbc.sql("UPDATE sbx_webhook SET enabled = FALSE WHERE id = ?").param(id).update();
        jdbc.sql("UPDATE sbx_delivery SET state = 'failed' WHERE webhook_id = ? AND state = 'pending'").param(id).update();
    }

    void insertDelivery(String id, String webhookId, String eventType, String body, Instant at) {
        jdbc.sql("""
                        INSERT INTO sbx_delivery (id, webhook_id, event_type, body, state, next_attempt_at, created_at)
                        VALUES (?, ?, ?, ?, 'pending', ?, ?)""")
                .params(id, webhookId, eventType, body, ts(at), ts(at)).update();
    }

    /** Claims due deliveries for this node: locked rows of other nodes are skipped, claims are leased. */
    List<Delivery> claimDueDeliveries(Instant now, Instant leaseUntil, int limit) {
        List<Delivery> due = jdbc.sql("""
                        SELECT id, webhook_id, event_type, body, attempts FROM sbx_delivery
                        WHERE state = 'pending' AND next_attempt_at <= ?
                        ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(ts(now), limit)
                .query((rs, n) -> new Delivery(rs.getString("id"), rs.getString("webhook_id"),
                        rs.getString("event_type"), rs.getString("body"), rs.getInt("attempts")))
                .list();
        due.forEach(d -> jdbc.sql("UPDATE sbx_delivery SET next_attempt_at = ? WHERE id = ?")
                .params(ts(leaseUntil), d.id()).update());
        return due;
    }

    void deliveryOutcome(String id, String state, int attempts, Integer status, Instant nextAttemptAt) {
        jdbc.sql("UPDATE sbx_delivery SET state = ?, attempts = ?, last_status = ?, next_attempt_at = ? WHERE id = ?")
                .params(state, attempts, status, ts(nextAttemptAt), id).update();
    }

    List<Map<String, Object>> deliveries(String webhookId) {
        return jdbc.sql("SELECT id, event_type, attempts, state, last_status FROM sbx_delivery WHERE webhook_id = ? "
                        + "ORDER BY created_at, id").param(webhookId).query().listOfRows();
    }

    private Webhook mapWebhook(ResultSet rs, int row) throws SQLException {
        return new Webhook(rs.getString("id"), rs.getString("workspace_id"), rs.getString("url"),
                Arrays.asList(rs.getString("events").split(",")), rs.getString("secret"),
                rs.getString("previous_secret"), instant(rs, "rotated_at"), rs.getBoolean("enabled"),
                instant(rs, "failing_since"));
    }

    // --- idempotency --------------------------------------------------------------------------

    Optional<StoredAnswer> answer(String keyId, String scope, String idempotencyKey) {
        return jdbc.sql("""
                        SELECT body_hash, status, response_body, created_at FROM sbx_idempotency
                        WHERE key_id = ? AND scope = ? AND idem_key = ?""")
                .params(keyId, scope, idempotencyKey)
                .query((rs, n) -> new StoredAnswer(rs.getString("body_hash"), rs.getInt("status"),
                        rs.getString("response_body"), instant(rs, "created_at")))
                .optional();
    }

    void forgetAnswer(String keyId, String scope, String idempotencyKey) {
        jdbc.sql("DELETE FROM sbx_idempotency WHERE key_id = ? AND scope = ? AND idem_key = ?")
                .params(keyId, scope, idempotencyKey).update();
    }

    void insertAnswer(String keyId, String scope, String idempotencyKey, String bodyHash, int status, String body,
                      Instant at) {
        jdbc.sql("""
                        INSERT INTO sbx_idempotency (key_id, scope, idem_key, body_hash, status, response_body, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(keyId, scope, idempotencyKey, bodyHash, status, body, ts(at)).update();
    }

    // --- mapping ------------------------------------------------------------------------------

    /** Feed order: (updated_at, id) ascending, from updatedSince (inclusive), after the cursor. */
    private <T> List<T> feed(String select, Collection<String> visible, Instant since, Cursor after, int limit,
                             org.springframework.jdbc.core.RowMapper<T> mapper) {
        if (visible.isEmpty()) {
            return List.of();
        }
        var sql = new StringBuilder(select);
        if (since != null) {
            sql.append(" AND updated_at >= :since");
        }
        if (after != null) {
            sql.append(" AND (updated_at > :afterTime OR (updated_at = :afterTime AND id > :afterId))");
        }
        sql.append(" ORDER BY updated_at, id LIMIT :limit");
        return jdbc.sql(sql.toString()).param("visible", visible).param("since", ts(since))
                .param("afterTime", after == null ? null : ts(after.after()))
                .param("afterId", after == null ? null : after.afterId())
                .param("limit", limit).query(mapper).list();
    }

    private Workspace mapWorkspace(ResultSet rs, int row) throws SQLException {
        return new Workspace(rs.getString("id"), rs.getString("name"), rs.getBoolean("archived"),
                rs.getString("external_ref"), instant(rs, "created_at"), instant(rs, "updated_at"), rs.getInt("version"));
    }

    private Task mapTask(ResultSet rs, int row) throws SQLException {
        return new Task(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"), rs.getString("status"),
                rs.getString("assignee_id"), rs.getString("sprint_id"), date(rs, "due_date"),
                json.readValue(rs.getString("custom_fields"), MAP), rs.getString("external_ref"),
                rs.getBoolean("deleted"), instant(rs, "created_at"), instant(rs, "updated_at"), rs.getInt("version"));
    }

    private Sprint mapSprint(ResultSet rs, int row) throws SQLException {
        return new Sprint(rs.getString("id"), rs.getString("workspace_id"), rs.getString("name"),
                date(rs, "start_date"), date(rs, "end_date"), rs.getString("state"), rs.getString("external_ref"),
                instant(rs, "created_at"), instant(rs, "updated_at"), rs.getInt("version"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        var value = rs.getDate(column);
        return value == null ? null : value.toLocalDate();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
