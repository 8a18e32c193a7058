package dev.align.illumera.history;

import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@AlignIntegration
class HistoryRetentionTest {

    @Autowired HistoryRetention retention;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @Test
    void records_and_runs_older_than_180_days_go_in_batches_and_newer_ones_stay() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        Instant old = Instant.now().minus(Duration.ofDays(181));
        Instant recent = Instant.now().minus(Duration.ofDays(179));
        long oldRun = run(tenant.id(), old);
        for (int i = 0; i < HistoryRetention.BATCH + 5; i++) {
            item(oldRun, tenant.id(), old);
        }
        long recentRun = run(tenant.id(), recent);
        item(recentRun, tenant.id(), recent);

        assertThat(retention.purge()).isGreaterThanOrEqualTo(HistoryRetention.BATCH + 5);

        assertThat(data.count("SELECT COUNT(*) FROM illumera_sync_item WHERE run_id = ?", oldRun)).isZero();
        assertThat(data.count("SELECT COUNT(*) FROM illumera_sync_run WHERE id = ?", oldRun)).isZero();
        assertThat(data.count("SELECT COUNT(*) FROM illumera_sync_item WHERE run_id = ?", recentRun)).isEqualTo(1);
        assertThat(data.count("SELECT COUNT(*) FROM illumera_sync_run WHERE id = ?", recentRun)).isEqualTo(1);
    }

    private long run(long organisationId, Instant at) {
        var key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO illumera_sync_run (organisation_id, run_trigger, node, started_at, ended_at, outcome, counts)"
                        + " VALUES (?, 'SCHEDULED', 'n', ?, ?, 'SUCCEEDED', '{}')")
                .params(organisationId, Timestamp.from(at), Timestamp.from(at)).update(key, "id");
        return key.getKey().longValue();
    }

    private void item(long runId, long organisationId, Instant at) {
        jdbc.sql("INSERT INTO illumera_sync_item (run_id, organisation_id, record_type, direction, action, at)"
                + " VALUES (?, ?, 'ENTRY', 'NONE', 'UNCHANGED', ?)").params(runId, organisationId, Timestamp.from(at))
                .update();
    }
}
