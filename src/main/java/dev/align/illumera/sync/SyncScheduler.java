package dev.align.illumera.sync;

import dev.align.illumera.sync.SyncRun.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Every node ticks; at each tick it syncs the organisations whose last run is older than the
 * interval (5 minutes by default). The per-organisation lock decides which node does each one, so
 * nodes share the organisations and none is synced twice at once. Ticks only where scheduling is
 * on ({@code align.scheduling.enabled}).
 */
@Component
class SyncScheduler {

    private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

    private final SyncRunner runner;
    private final SyncStore store;
    private final Clock clock;
    private final Duration interval;

    SyncScheduler(SyncRunner runner, SyncStore store, Clock clock, SyncSettings settings) {
        this.runner = runner;
        this.store = store;
        this.clock = clock;
        this.interval = settings.interval();
    }

    @Scheduled(fixedDelayString = "${illumera.sync.tick:PT30S}", initialDelayString = "${illumera.sync.tick:PT30S}")
    void tick() {
        tick(organisationId -> true);
    }

    /** One tick over the due organisations that {@code which} admits (all of them, but in tests). */
    void tick(java.util.function.LongPredicate which) {
        for (long organisationId : store.due(clock.instant().minus(interval))) {
            if (!which.test(organisationId)) {
                continue;
            }
            try {
                runner.run(organisationId, Trigger.SCHEDULED);
            } catch (RuntimeException e) {
                // One organisation's failure (recorded in its run) must not starve the others.
                log.warn("Scheduled Illumera sync of organisation {} failed: {}", organisationId, e.toString());
            }
        }
    }
}
