package dev.align.illumera.sync;

import dev.align.illumera.client.IllumeraClients;
import dev.align.support.AlignIntegration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The scheduler and Illumera health checks on the real scheduler, clients and database. */
@AlignIntegration
class SyncHealthTest {

    @Autowired SyncScheduler scheduler;
    @Autowired IllumeraClients clients;
    @Autowired JdbcClient jdbc;
    @Autowired dev.align.support.TestData data;

    @Test
    void the_scheduler_is_up_while_it_ticks_and_down_when_it_has_not_for_three_ticks() {
        scheduler.tick(organisationId -> false); // looks for due organisations, starts none
        var health = new SyncHealth();

        assertThat(health.syncSchedulerHealthIndicator(scheduler, Clock.systemUTC(), true).health(true).getStatus())
                .isEqualTo(Status.UP);
        Clock later = Clock.offset(Clock.systemUTC(), scheduler.tickLength().multipliedBy(3).plus(Duration.ofSeconds(1)));
        assertThat(health.syncSchedulerHealthIndicator(scheduler, later, true).health(true).getStatus())
                .isEqualTo(Status.DOWN);
        assertThat(health.syncSchedulerHealthIndicator(scheduler, later, false).health(true).getStatus())
                .as("a node with scheduling off is not down for it").isEqualTo(Status.UP);
    }

    @Test
    void illumera_is_degraded_while_a_connected_organisations_last_run_failed() {
        var indicator = new SyncHealth().illumeraReachabilityHealthIndicator(clients, jdbc);
        long failingBefore = (Long) indicator.health(true).getDetails().get("organisationsWhoseLastRunFailed");

        long organisation = data.tenant(dev.align.organisation.Plan.BUSINESS).id();
        jdbc.sql("""
                INSERT INTO illumera_connection (organisation_id, workspace_id, workspace_name, key_mask, state,
                                                 connected_at, updated_at)
                VALUES (?, 'ws_health', 'Health', 'ilm_…0000', 'CONNECTED', NOW(6), NOW(6))""").param(organisation).update();
        jdbc.sql("""
                INSERT INTO illumera_sync_run (organisation_id, run_trigger, node, started_at, ended_at, outcome, counts)
                VALUES (?, 'SCHEDULED', 'test', NOW(6), NOW(6), 'FAILED', '{}')""").param(organisation).update();

        try {
            var health = indicator.health(true);
            assertThat(health.getStatus()).isEqualTo(new Status("DEGRADED"));
            assertThat(health.getDetails().get("organisationsWhoseLastRunFailed")).isEqualTo(failingBefore + 1);
        } finally {
            // No key and no settings: other tests' jobs must not meet it.
            jdbc.sql("UPDATE illumera_connection SET state = 'DISCONNECTED' WHERE organisation_id = ?").param(organisation).update();
        }
    }
}
