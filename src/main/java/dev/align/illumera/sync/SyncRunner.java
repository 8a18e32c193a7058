package dev.align.illumera.sync;

import dev.align.illumera.sync.SyncRun.Trigger;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockAssert;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One organisation, one run at a time, on any node: every trigger (schedule, save, "sync now",
 * webhook) takes the organisation's ShedLock lock (JDBC provider, database time). A trigger that finds
 * the lock taken leaves a "run again" mark instead of waiting (the run in flight goes round once more),
 * except a scheduled one: another node is syncing the organisation already.
 */
@Component
class SyncRunner {

    private static final int MAX_ROUNDS = 3;
    private static final ScheduledExecutorService KEEP_ALIVE = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("illumera-sync-lock-keep-alive").daemon().factory());

    private final SyncEngine engine;
    private final SyncStates states;
    private final LockingTaskExecutor locks;
    private final Clock clock;
    private final Duration lockAtMostFor;
    private final Duration interval;

    SyncRunner(SyncEngine engine, SyncStates states, LockProvider lockProvider, Clock clock, SyncSettings settings) {
        this.engine = engine;
        this.states = states;
        // Kept alive while the run lasts (a long initial sync outlives lockAtMostFor), released at its end;
        // a node that dies stops extending it, and another node takes over after lockAtMostFor.
        this.locks = new DefaultLockingTaskExecutor(lockProvider instanceof ExtensibleLockProvider extensible
                ? new KeepAliveLockProvider(extensible, KEEP_ALIVE) : lockProvider);
        this.clock = clock;
        this.lockAtMostFor = settings.lockAtMostFor();
        this.interval = settings.interval();
    }

    static String lockName(long organisationId) {
        return "illumera-sync-" + organisationId;
    }

    /**
     * Runs now if no node is syncing this organisation, else marks it to run again. A scheduled
     * trigger also skips an organisation another node has just synced.
     *
     * @return the runs made (empty when the lock was taken, or nothing was due)
     */
    List<SyncRun> run(long organisationId, Trigger trigger) {
        List<SyncRun> runs = new ArrayList<>();
        boolean executed;
        try {
            executed = locks.executeWithLock(() -> {
                LockAssert.assertLocked();
                if (trigger == Trigger.SCHEDULED && recentlyRun(organisationId)) {
                    return true;
                }
                for (int round = 1; ; round++) {
                    Optional<SyncRun> run = engine.run(organisationId, trigger, lockName(organisationId));
                    run.ifPresent(runs::add);
                    // A run stopped by a lost lock goes no further here: the lock's holder now does the rest.
                    if (run.isEmpty() || run.get().outcome() == SyncRun.Outcome.STOPPED
                            || !states.takeRunAgain(organisationId)) {
                        break;
                    }
                    if (round == MAX_ROUNDS) {
                        states.requestRunAgain(organisationId); // not lost: the scheduler's next tick takes it
                        break;
                    }
                }
                return true;
            }, new LockConfiguration(clock.instant(), lockName(organisationId), lockAtMostFor, Duration.ZERO))
                    .wasExecuted();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        if (!executed && trigger != Trigger.SCHEDULED) {
            // A change waits (a save, "sync now", a webhook): the run in flight goes round once more. A
            // scheduled tick on another node needs nothing more: the organisation is being synced.
            states.requestRunAgain(organisationId);
        }
        return runs;
    }

    private boolean recentlyRun(long organisationId) {
        var state = states.state(organisationId);
        return !state.runAgain() && state.lastRunAt() != null
                && state.lastRunAt().isAfter(clock.instant().minus(interval));
    }
}
