package dev.align.illumera.sync;

import dev.align.illumera.client.IllumeraClients;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What operators watch per node: the health groups "scheduler" (this node's sync scheduler is ticking) and
 * "illumera" (a summary of Illumera's reachability), and gauges of the outbox backlog and connections. The
 * counters of runs, records, lag, failures, webhooks and triggers are made where those happen.
 */
@Configuration(proxyBeanMethods = false)
class SyncHealth {

    /** Up while the scheduler ticks (a missed tick or two is allowed); a node with scheduling off says so. */
    @Bean
    HealthIndicator syncSchedulerHealthIndicator(SyncScheduler scheduler, Clock clock,
                                             @Value("${align.scheduling.enabled:true}") boolean scheduling) {
        return () -> {
            if (!scheduling) {
                return Health.up().withDetail("scheduling", "off on this node (ALIGN_SCHEDULING=false)").build();
            }
            Duration late = scheduler.tickLength().multipliedBy(3);
            Instant last = scheduler.lastTick();
            Instant now = clock.instant();
            if (last == null) {
                Duration up = Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime());
                return (up.compareTo(late) < 0 ? Health.up() : Health.down())
                        .withDetail("lastTick", "none since the start " + up.toSeconds() + " s ago").build();
            }
            return (last.isAfter(now.minus(late)) ? Health.up() : Health.down())
                    .withDetail("lastTick", last.toString()).withDetail("tick", scheduler.tickLength().toString()).build();
        };
    }

    /**
     * Illumera as this node sees it: "DEGRADED" (still HTTP 200: Align itself works) while any organisation's
     * circuit breaker is open here or the latest run of any connected organisation failed.
     */
    @Bean
    HealthIndicator illumeraReachabilityHealthIndicator(IllumeraClients clients, JdbcClient jdbc) {
        return () -> {
            long open = clients.openCircuits();
            long failing = jdbc.sql("""
                            SELECT COUNT(*) FROM illumera_connection c
                            WHERE c.state = 'CONNECTED' AND (SELECT r.outcome FROM illumera_sync_run r
                                WHERE r.organisation_id = c.organisation_id AND r.ended_at IS NOT NULL
                                ORDER BY r.ended_at DESC LIMIT 1) = 'FAILED'""").query(Long.class).single();
            return Health.status(open == 0 && failing == 0 ? Status.UP : new Status("DEGRADED"))
                    .withDetail("connectedOrganisations", connected(jdbc))
                    .withDetail("openCircuitsOnThisNode", open)
                    .withDetail("organisationsWhoseLastRunFailed", failing).build();
        };
    }

    @Bean
    MeterBinder syncGauges(JdbcClient jdbc) {
        return registry -> {
            Gauge.builder("illumera.sync.outbox.backlog", () -> jdbc.sql("""
                            SELECT COALESCE(SUM((SELECT COUNT(*) FROM work_change w
                                                 WHERE w.organisation_id = s.organisation_id AND w.id > s.outbox_position)), 0)
                            FROM illumera_sync_state s JOIN illumera_connection c ON c.organisation_id = s.organisation_id
                            WHERE c.state = 'CONNECTED'""").query(Long.class).single())
                    .description("Outbox changes of connected organisations not yet read by their sync")
                    .register(registry);
            Gauge.builder("illumera.connections", () -> connected(jdbc))
                    .description("Organisations connected to Illumera").register(registry);
        };
    }

    private static long connected(JdbcClient jdbc) {
        return jdbc.sql("SELECT COUNT(*) FROM illumera_connection WHERE state = 'CONNECTED'").query(Long.class).single();
    }
}
