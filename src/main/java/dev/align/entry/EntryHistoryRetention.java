package dev.align.entry;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Keeps entries' field history as long as the sync history ({@code illumera.history.keep}, 180 days by
 * default): older changes are deleted nightly on one node, per organisation on its index, in batches.
 */
@Component
class EntryHistoryRetention {

    static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration keep;

    EntryHistoryRetention(JdbcClient jdbc, Clock clock, @Value("${illumera.history.keep:P180D}") Duration keep) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.keep = keep;
    }

    @Scheduled(cron = "${illumera.history.retention-cron:0 40 3 * * *}")
    @SchedulerLock(name = "entry-history-retention", lockAtMostFor = "PT2H")
    public void purgeAll() {
        LockAssert.assertLocked();
        purge();
    }

    /** Deletes the changes older than the retention period; returns how many. */
    long purge() {
        Timestamp before = Timestamp.from(clock.instant().minus(keep));
        List<Long> organisations = jdbc.sql("SELECT id FROM organisation").query(Long.class).list();
        long deleted = 0;
        for (long organisationId : organisations) {
            int batch;
            do {
                batch = jdbc.sql("DELETE FROM entry_change WHERE organisation_id = ? AND occurred_at < ? LIMIT " + BATCH)
                        .params(organisationId, before).update();
                deleted += batch;
            } while (batch == BATCH);
        }
        return deleted;
    }
}
