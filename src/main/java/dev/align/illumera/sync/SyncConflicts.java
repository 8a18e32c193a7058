package dev.align.illumera.sync;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The engine's side of the conflict inspector ({@code illumera_conflict}): fields changed on both sides, stored
 * open until a person's choice is applied or both sides agree again.
 */
@Component
class SyncConflicts {

    record OpenConflict(long id, long linkId, String field, String resolution) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    SyncConflicts(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

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
        return SqlRows.chunked(new ArrayList<>(linkIds), chunk -> jdbc.sql("""
                        SELECT id, link_id, field, resolution FROM illumera_conflict
                        WHERE organisation_id = :org AND open_key IS NOT NULL AND link_id IN (:ids)""")
                .param("org", organisationId).param("ids", chunk)
                .query((rs, n) -> new OpenConflict(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)))
                .list());
    }

    /** How many conflicts wait for a person's choice. */
    long waiting(long organisationId) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM illumera_conflict
                        WHERE organisation_id = ? AND open_key IS NOT NULL AND resolution IS NULL""")
                .param(organisationId).query(Long.class).single();
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
}
