package dev.align.illumera.triggers;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every node, every {@code illumera.triggers.tick} (2 s): each organisation with events to read or
 * deliveries due gets a round, under its own lock (a node that finds it taken moves on). Ticks only
 * where scheduling is on ({@code align.scheduling.enabled}).
 */
@Component
class TriggerTick {

    private static final Logger log = LoggerFactory.getLogger(TriggerTick.class);

    private final WorkflowTriggers triggers;

    TriggerTick(WorkflowTriggers triggers) {
        this.triggers = triggers;
    }

    @Scheduled(fixedDelayString = "${illumera.triggers.tick:PT2S}", initialDelayString = "${illumera.triggers.tick:PT2S}")
    void tick() {
        for (long organisationId : triggers.organisationsWithWork()) {
            try {
                triggers.deliverFor(organisationId);
            } catch (RuntimeException e) {
                // One organisation's trouble (its rows keep their state) must not hold back the others.
                log.warn("Workflow triggers of organisation {} failed this round: {}", organisationId, e.toString());
            }
        }
    }
}
