package dev.align.illumera.connection;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one way to {@code illumera_connection}: an organisation's link to its home workspace and its
 * sealed API key (by secret id; the key itself lives in the secret box). Internal to the add-on: the
 * service, the key check and the sync share it. Callers check access and organisation scope; this
 * class only stores.
 */
@Component
public class IllumeraConnections {

    /** A connection as stored: CONNECTED, KEY_EXPIRED or DISCONNECTED (its key forgotten). */
    public record Stored(long organisationId, String workspaceId, String workspaceName, Long secretId, String keyMask,
                         Instant keyExpiresAt, String state, Instant connectedAt) {

        /** Connected with a key the sync may use. */
        public boolean active() {
            return "CONNECTED".equals(state) && secretId != null;
        }
    }

    private static final String COLUMNS = "organisation_id, workspace_id, workspace_name, api_key_secret_id, key_mask,"
            + " key_expires_at, state, connected_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    IllumeraConnections(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Stored> find(long organisationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM illumera_connection WHERE organisation_id = ?")
                .param(organisationId).query(IllumeraConnections::read).optional();
    }

    /** Connected now (a new key, or the same workspace again after a disconnect): one row per organisation. */
    public void connect(long organisationId, String workspaceId, String workspaceName, long secretId, String keyMask,
                        Instant keyExpiresAt) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                        INSERT INTO illumera_connection (organisation_id, workspace_id, workspace_name, api_key_secret_id,
                                                         key_mask, key_expires_at, state, connected_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, 'CONNECTED', ?, ?)
                        ON DUPLICATE KEY UPDATE workspace_id = VALUES(workspace_id),
                            workspace_name = VALUES(workspace_name), api_key_secret_id = VALUES(api_key_secret_id),
                            key_mask = VALUES(key_mask), key_expires_at = VALUES(key_expires_at), state = 'CONNECTED',
                            connected_at = VALUES(connected_at), updated_at = VALUES(updated_at)""")
                .params(organisationId, workspaceId, workspaceName, secretId, keyMask,
                        keyExpiresAt == null ? null : Timestamp.from(keyExpiresAt), now, now)
                .update();
    }

    /** Disconnected: the key's secret id is dropped (the caller forgets the secret); the workspace is kept. */
    public void disconnect(long organisationId) {
        jdbc.sql("""
                        UPDATE illumera_connection SET state = 'DISCONNECTED', api_key_secret_id = NULL, updated_at = ?
                        WHERE organisation_id = ?""")
                .params(Timestamp.from(clock.instant()), organisationId).update();
    }

    /** Connected organisations whose key expires by {@code by} (the key check's rounds). */
    public List<Stored> expiringBy(Instant by) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM illumera_connection WHERE state = 'CONNECTED'"
                        + " AND key_expires_at IS NOT NULL AND key_expires_at <= ?")
                .param(Timestamp.from(by)).query(IllumeraConnections::read).list();
    }

    /** Pauses a connected organisation whose key Illumera refuses or that expired; false when it was not connected. */
    public boolean keyExpired(long organisationId) {
        return jdbc.sql("UPDATE illumera_connection SET state = 'KEY_EXPIRED', updated_at = ?"
                        + " WHERE organisation_id = ? AND state = 'CONNECTED'")
                .params(Timestamp.from(clock.instant()), organisationId).update() == 1;
    }

    private static Stored read(ResultSet rs, int row) throws SQLException {
        return new Stored(rs.getLong("organisation_id"), rs.getString("workspace_id"), rs.getString("workspace_name"),
                rs.getObject("api_key_secret_id", Long.class), rs.getString("key_mask"),
                instant(rs.getTimestamp("key_expires_at")), rs.getString("state"), instant(rs.getTimestamp("connected_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
