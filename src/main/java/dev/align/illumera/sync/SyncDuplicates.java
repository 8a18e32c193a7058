package dev.align.illumera.sync;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;

/**
 * Import copies found ({@code illumera_duplicate}): tasks naming an entry already linked to another task; shown, never synced back.
 */
@Component
class SyncDuplicates {

    private final JdbcClient jdbc;
    private final Clock clock;

    SyncDuplicates(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

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
}
