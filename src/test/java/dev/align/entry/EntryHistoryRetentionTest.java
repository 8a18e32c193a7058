package dev.align.entry;

import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@AlignIntegration
class EntryHistoryRetentionTest {

    @Autowired EntryHistoryRetention retention;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @Test
    void changes_older_than_the_retention_period_go_and_newer_ones_stay() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        for (int i = 0; i < EntryHistoryRetention.BATCH + 3; i++) {
            change(tenant.id(), Instant.now().minus(Duration.ofDays(181)));
        }
        change(tenant.id(), Instant.now().minus(Duration.ofDays(179)));

        assertThat(retention.purge()).isGreaterThanOrEqualTo(EntryHistoryRetention.BATCH + 3);

        assertThat(data.count("SELECT COUNT(*) FROM entry_change WHERE organisation_id = ?", tenant.id())).isEqualTo(1);
    }

    private void change(long organisationId, Instant at) {
        jdbc.sql("INSERT INTO entry_change (organisation_id, entry_id, field, before_value, after_value, origin,"
                + " occurred_at) VALUES (?, 1, 'title', 'a', 'b', 'PERSON', ?)").params(organisationId, Timestamp.from(at))
                .update();
    }
}
