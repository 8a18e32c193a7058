package dev.align.illumera.history;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Keeps the sync history for {@code illumera.history.keep} (180 days by default): older run records and
 * runs are deleted nightly on one node, per organisation on its index and in small batches, so that the
 * purge never holds long locks or a large undo log. The audit trail is never purged (the database
 * refuses it anyway); open conflicts and links are not history and stay.
 */
@Component
class HistoryRetention {

    static final int BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(HistoryRetention.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration keep;

    HistoryRetention(JdbcClient jdbc, Clock clock, @Value("${illumera.history.keep:P180D}") Duration keep) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.keep = keep;
    }

    @Scheduled(cron = "${illumera.history.retention-cron:0 40 3 * * *}")
    @SchedulerLock(name = "illumera-history-retention", lockAtMostFor = "PT2H")
    public void purgeAll() {
        LockAssert.assertLocked();
        purge();
    }

    /** Deletes what is older than the retention period; returns how many run records went. */
    long purge() {
        Timestamp before = Timestamp.from(clock.instant().minus(keep));
        List<Long> organisations = jdbc.sql("SELECT DISTINCT organisation_id FROM illumera_sync_run")
                .query(Long.class).list();
        long items = 0;
        long runs = 0;
        for (long organisationId : organisations) {
            items += batches("DELETE FROM illumera_sync_item WHERE organisation_id = ? AND at < ? LIMIT " + BATCH,
                    organisationId, before);
            runs += batches("""
                    DELETE FROM illumera_sync_run WHERE organisation_id = ? AND started_at < ? AND outcome <> 'RUNNING'
                    AND NOT EXISTS (SELECT 1 FROM illumera_sync_item i WHERE i.run_id = illumera_sync_run.id)
                    LIMIT""" + " " + BATCH, organisationId, before);
        }
        if (items + runs > 0) {
            log.info("Sync history older than {} purged: {} records of {} runs", keep, items, runs);
        }
        return items;
    }

    /** One statement at a time, each its own short transaction, until a batch comes back short. */
    private long batches(String sql, long organisationId, Timestamp before) {
        long total = 0;
        int deleted;
        do {
            deleted = jdbc.sql(sql).params(organisationId, before).update();
            total += deleted;
        } while (deleted == BATCH);
        return total;
    }
}
