package dev.align.illumera.sync;

import dev.align.illumera.connection.IllumeraConnections;
import dev.align.illumera.WebhookArrived;
import dev.align.illumera.sync.SyncRun.Trigger;
import dev.align.outbox.ChangeOrigin;
import dev.align.outbox.WorkChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.event.TransactionalEventListener;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A person's change in Align reaches Illumera within about a second (issue 14): once its transaction
 * has committed, the organisation gets a run on this node, under its lock like every run; so does a
 * webhook from Illumera. Changes made within {@code illumera.sync.push-delay} of each other share one
 * run; a change made while a run is going leaves the "run again" mark. Nothing depends on this node staying up: the outbox position is
 * the truth, and the next run on any node (the scheduled one at the latest) takes what a lost push did
 * not.
 */
@Component
class SyncPush implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SyncPush.class);

    private final SyncRunner runner;
    private final IllumeraConnections connections;
    private final TaskExecutor background;
    private final Duration delay;
    private final ScheduledExecutorService delays = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("illumera-sync-push").daemon().factory());
    private volatile boolean enabled;
    /** Organisations with a push waiting for its delay: further changes join it. */
    private final Set<Long> waiting = ConcurrentHashMap.newKeySet();

    SyncPush(SyncRunner runner, IllumeraConnections connections,
             @Qualifier("applicationTaskExecutor") TaskExecutor background, SyncSettings settings) {
        this.runner = runner;
        this.connections = connections;
        this.background = background;
        this.delay = settings.pushDelay();
        this.enabled = settings.push();
    }

    @TransactionalEventListener
    void changed(WorkChange change) {
        if (change.origin() == ChangeOrigin.PERSON) { // the sync's own writes are never pushed back
            soon(change.organisationId(), Trigger.PUSH);
        }
    }

    /** Illumera said that something changed there: the same run, read from Illumera's current state. */
    @EventListener
    void webhook(WebhookArrived arrived) {
        soon(arrived.organisationId(), Trigger.WEBHOOK);
    }

    private void soon(long organisationId, Trigger trigger) {
        if (!enabled || connections.find(organisationId).filter(IllumeraConnections.Stored::active).isEmpty()
                || !waiting.add(organisationId)) {
            return;
        }
        delays.schedule(() -> {
            waiting.remove(organisationId);
            background.execute(() -> run(organisationId, trigger));
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(long organisationId, Trigger trigger) {
        try {
            runner.run(organisationId, trigger);
        } catch (RuntimeException e) {
            // Recorded in the run; the next run (scheduled at the latest) takes the change.
            log.warn("A {} run of organisation {} failed: {}", trigger, organisationId, e.toString());
        }
    }

    /** Tests switch pushing on and off (it is off in the shared test configuration). */
    void enabled(boolean on) {
        this.enabled = on;
    }

    @Override
    public void destroy() {
        delays.shutdownNow();
    }
}
