package dev.align.entry.repository;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The entry_change table: an entry's field history, written with the change, read newest first by key. */
@Repository
public class EntryChanges {

    /** A stored change, values as Align keeps them. */
    public record Row(long id, long entryId, String field, String before, String after, String origin,
                      Long actorUserId, String actorName, Instant occurredAt) {
    }

    private final JdbcClient jdbc;

    EntryChanges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One row per field whose value differs between {@code before} and {@code after}. */
    public void record(long organisationId, long entryId, Map<String, String> before, Map<String, String> after,
                       String origin, Long actorUserId, Instant at) {
        for (var field : after.entrySet()) {
            String was = before.get(field.getKey());
            if (!Objects.equals(was, field.getValue())) {
                jdbc.sql("""
                                INSERT INTO entry_change (organisation_id, entry_id, field, before_value, after_value, origin,
                                                          actor_user_id, occurred_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(organisationId, entryId, field.getKey(), was, field.getValue(), origin, actorUserId,
                                Timestamp.from(at))
                        .update();
            }
        }
    }

    public List<Row> page(long organisationId, long entryId, long beforeId, int limit) {
        return jdbc.sql(SELECT + " WHERE c.organisation_id = ? AND c.entry_id = ? AND c.id < ? ORDER BY c.id DESC LIMIT ?")
                .params(organisationId, entryId, beforeId, limit).query(EntryChanges::map).list();
    }

    /** Whether the field changed again after this change. */
    public boolean changedSince(long organisationId, long entryId, String field, long changeId) {
        return jdbc.sql("SELECT COUNT(*) FROM entry_change WHERE organisation_id = ? AND entry_id = ? AND field = ?"
                        + " AND id > ?").params(organisationId, entryId, field, changeId).query(Integer.class).single() > 0;
    }

    /** The latest change of the field at or before {@code at} by this origin (PERSON or SYNC). */
    public Optional<Row> latestBefore(long organisationId, long entryId, String field, String origin, Instant at) {
        return jdbc.sql(SELECT + " WHERE c.organisation_id = ? AND c.entry_id = ? AND c.field = ? AND c.origin = ?"
                        + " AND c.occurred_at <= ? ORDER BY c.id DESC LIMIT 1")
                .params(organisationId, entryId, field, origin, Timestamp.from(at)).query(EntryChanges::map).optional();
    }

    public Optional<Row> find(long organisationId, long entryId, long changeId) {
        return jdbc.sql(SELECT + " WHERE c.organisation_id = ? AND c.entry_id = ? AND c.id = ?")
                .params(organisationId, entryId, changeId).query(EntryChanges::map).optional();
    }

    private static final String SELECT = """
            SELECT c.id, c.entry_id, c.field, c.before_value, c.after_value, c.origin, c.actor_user_id, u.display_name,
                   c.occurred_at
            FROM entry_change c LEFT JOIN app_user u ON u.id = c.actor_user_id""";

    private static Row map(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Row(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, Long.class), rs.getString(8), rs.getTimestamp(9).toInstant());
    }
}
