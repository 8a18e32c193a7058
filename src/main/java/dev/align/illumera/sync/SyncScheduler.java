package dev.align.illumera.sync;

import dev.align.illumera.sync.SyncRun.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * Every node ticks; at each tick it starts the organisations whose last run is older than the
 * interval (5 minutes by default), oldest first, on a bounded pool of its own
 * ({@code illumera.sync.parallel-runs}): one organisation's long initial sync takes one worker, not the
 * tick, so the others are synced when due. When every worker is busy, the tick hands the next due
 * organisation to the first worker that frees up, for as long as one tick lasts; what is left then
 * waits for the next tick (fresh from the database, oldest first).
 * The per-organisation lock decides which node does each one, so nodes share the organisations and
 * none is synced twice at once. Ticks only where scheduling is on ({@code align.scheduling.enabled}).
 */
@Component
class SyncScheduler implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

    private final SyncRunner runner;
    private final SyncStates states;
    private final Clock clock;
    private final Duration interval;
    private final Executor runs;
    /** One permit per worker: the tick waits for a free one rather than dropping the organisation. */
    private final Semaphore workers;
    private final Duration tickLength;
    /** Organisations this node is syncing now: a tick does not start them again. */
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    /** When this node's scheduler last looked for due organisations (the "scheduler" health check). */
    private volatile java.time.Instant lastTick;

    @Autowired
    SyncScheduler(SyncRunner runner, SyncStates states, Clock clock, SyncSettings settings) {
        this(runner, states, clock, settings, pool(settings.parallelRuns()));
    }

    /** With another executor (a test runs them on its own thread, one after the other). */
    SyncScheduler(SyncRunner runner, SyncStates states, Clock clock, SyncSettings settings, Executor runs) {
        this.runner = runner;
        this.states = states;
        this.clock = clock;
        this.interval = settings.interval();
        this.runs = runs;
        this.workers = new Semaphore(settings.parallelRuns());
        this.tickLength = settings.tick();
    }

    java.time.Instant lastTick() {
        return lastTick;
    }

    Duration tickLength() {
        return tickLength;
    }

    /** As many workers as permits; the queue holds at most the hand-over from a worker that just finished. */
    private static ThreadPoolExecutor pool(int size) {
        var pool = new ThreadPoolExecutor(size, size, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().name("illumera-sync-", 1).daemon().factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Scheduled(fixedDelayString = "${illumera.sync.tick:PT30S}", initialDelayString = "${illumera.sync.tick:PT30S}")
    void tick() {
        tick(organisationId -> true);
    }

    /** One tick over the due organisations that {@code which} admits (all of them, but in tests). */
    void tick(LongPredicate which) {
        lastTick = clock.instant();
        log.debug("Sync tick"); // counted by LockFaultsBenchmark across its processes
        long ends = System.nanoTime() + tickLength.toNanos();
        for (long organisationId : states.due(clock.instant().minus(interval))) {
            if (!which.test(organisationId) || running.contains(organisationId)) {
                continue;
            }
            try {
                if (!workers.tryAcquire(Math.max(0, ends - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return; // every worker stayed busy for a whole tick: the rest, oldest first, at the next one
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            running.add(organisationId);
            try {
                runs.execute(() -> run(organisationId));
            } catch (RejectedExecutionException shutDown) {
                running.remove(organisationId);
                workers.release();
                return;
            }
        }
    }

    private void run(long organisationId) {
        try {
            runner.run(organisationId, Trigger.SCHEDULED);
        } catch (RuntimeException e) {
            // One organisation's failure (recorded in its run) must not starve the others.
            log.warn("Scheduled Illumera sync of organisation {} failed: {}", organisationId, e.toString());
        } finally {
            running.remove(organisationId);
            workers.release();
        }
    }

    @Override
    public void destroy() {
        if (runs instanceof ThreadPoolExecutor pool) {
            pool.shutdownNow();
        }
    }
}
