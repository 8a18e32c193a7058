package dev.align.illumera.sync;

import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The nightly drift check (PRODUCT §3; issue 13, item 9): webhooks are lossy, a key can be
 * disconnected while people edit, and a bug can skip a change, so once a night every connected
 * organisation's next run compares every linked record's values on both sides against the stored base
 * and repairs what drifted by the conflict policy (history: trigger "Drift check", its repairs as the
 * run's records; the card shows the last one). This job only marks the organisations, on one node
 * (ShedLock); the scheduler's bounded pools on every node run them, each under its organisation's lock,
 * and the client paces the reads by Illumera's rate-limit headers.
 */
@Component
class DriftCheck {

    private static final Logger log = LoggerFactory.getLogger(DriftCheck.class);

    private final SyncStates states;

    DriftCheck(SyncStates states) {
        this.states = states;
    }

    @Scheduled(cron = "${illumera.drift.cron:0 0 2 * * *}")
    @SchedulerLock(name = "illumera-drift-check", lockAtMostFor = "PT10M")
    void nightly() {
        LockAssert.assertLocked();
        requestAll();
    }

    int requestAll() {
        int marked = states.requestDriftChecks();
        log.info("Drift check requested for {} organisations; each runs with its next scheduled sync.", marked);
        return marked;
    }
}
