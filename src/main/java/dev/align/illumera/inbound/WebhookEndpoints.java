package dev.align.illumera.inbound;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The one way to {@code illumera_webhook} and {@code illumera_webhook_event}; callers check access. */
@Component
class WebhookEndpoints {

    /** An organisation's receiving address and what the card shows of its deliveries. */
    record Endpoint(long organisationId, String token, Instant lastEventAt, int rejected, Instant lastRejectedAt,
                    String lastRejection) {
    }

    /** The webhook Illumera registered in one workspace, with its sealed secret (and the previous one). */
    record Registration(long organisationId, String workspaceId, String webhookId, long secretId, Long previousSecretId,
                        Instant previousUntil, Instant registeredAt) {
    }

    private final JdbcClient jdbc;

    WebhookEndpoints(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Endpoint> find(long organisationId) {
        return jdbc.sql("SELECT * FROM illumera_webhook WHERE organisation_id = ?").param(organisationId)
                .query(WebhookEndpoints::read).optional();
    }

    Optional<Endpoint> byToken(String token) {
        return jdbc.sql("SELECT * FROM illumera_webhook WHERE token = ?").param(token)
                .query(WebhookEndpoints::read).optional();
    }

    /** The organisation's address, made once (kept across registrations, so the URL stays the same). */
    Endpoint ensure(long organisationId, String newToken) {
        jdbc.sql("INSERT IGNORE INTO illumera_webhook (organisation_id, token) VALUES (?, ?)")
                .params(organisationId, newToken).update();
        return find(organisationId).orElseThrow();
    }

    List<Registration> registrations(long organisationId) {
        return jdbc.sql("SELECT * FROM illumera_webhook_registration WHERE organisation_id = ? ORDER BY workspace_id")
                .param(organisationId).query(WebhookEndpoints::registration).list();
    }

    void saveRegistration(Registration registration) {
        jdbc.sql("""
                        INSERT INTO illumera_webhook_registration (organisation_id, workspace_id, webhook_id, secret_id,
                            previous_secret_id, previous_until, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON DUPLICATE KEY UPDATE webhook_id = VALUES(webhook_id), secret_id = VALUES(secret_id),
                            previous_secret_id = VALUES(previous_secret_id), previous_until = VALUES(previous_until),
                            registered_at = VALUES(registered_at)""")
                .params(registration.organisationId(), registration.workspaceId(), registration.webhookId(),
                        registration.secretId(), registration.previousSecretId(),
                        registration.previousUntil() == null ? null : Timestamp.from(registration.previousUntil()),
                        Timestamp.from(registration.registeredAt()))
                .update();
    }

    void dropRegistration(long organisationId, String workspaceId) {
        jdbc.sql("DELETE FROM illumera_webhook_registration WHERE organisation_id = ? AND workspace_id = ?")
                .params(organisationId, workspaceId).update();
    }

    /** Records a delivery; false when its webhook-id was handled already (by this node or another). */
    boolean firstTime(long organisationId, String messageId, String type, String resourceId, Instant at) {
        boolean first = jdbc.sql("""
                        INSERT IGNORE INTO illumera_webhook_event (organisation_id, message_id, event_type, resource_id,
                            received_at) VALUES (?, ?, ?, ?, ?)""")
                .params(organisationId, messageId, type, resourceId, Timestamp.from(at)).update() == 1;
        if (first) {
            jdbc.sql("UPDATE illumera_webhook SET last_event_at = GREATEST(COALESCE(last_event_at, ?), ?)"
                            + " WHERE organisation_id = ?")
                    .params(Timestamp.from(at), Timestamp.from(at), organisationId).update();
        }
        return first;
    }

    void rejected(long organisationId, String reason, Instant at) {
        jdbc.sql("UPDATE illumera_webhook SET rejected = rejected + 1, last_rejected_at = ?, last_rejection = ?"
                        + " WHERE organisation_id = ?")
                .params(Timestamp.from(at), reason.length() > 200 ? reason.substring(0, 200) : reason, organisationId)
                .update();
    }

    /** Handled deliveries older than {@code before} (their ids are not repeated after Illumera's retries end). */
    int forgetEventsBefore(Instant before) {
        return jdbc.sql("DELETE FROM illumera_webhook_event WHERE received_at < ?").param(Timestamp.from(before))
                .update();
    }

    private static Endpoint read(ResultSet rs, int n) throws SQLException {
        return new Endpoint(rs.getLong("organisation_id"), rs.getString("token"), instant(rs.getTimestamp("last_event_at")),
                rs.getInt("rejected"), instant(rs.getTimestamp("last_rejected_at")), rs.getString("last_rejection"));
    }

    private static Registration registration(ResultSet rs, int n) throws SQLException {
        return new Registration(rs.getLong("organisation_id"), rs.getString("workspace_id"), rs.getString("webhook_id"),
                rs.getLong("secret_id"), rs.getObject("previous_secret_id", Long.class),
                instant(rs.getTimestamp("previous_until")), rs.getTimestamp("registered_at").toInstant());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
