package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.client.IllumeraClient;
import dev.align.illumera.client.IllumeraClients;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.support.AlignIntegration;
import dev.align.support.NodeProcesses;
import dev.align.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: ShedLock across real processes under faults, printed (issue 15, item 4). Three sync nodes are
 * started as processes of their own (no web server) on this test's database, keyset and sandbox, with a short
 * interval, tick and lockAtMostFor, while people keep changing entries in six organisations. Then the node
 * running an organisation is killed (kill -9), and later one is frozen (SIGSTOP) past lockAtMostFor and
 * continued (SIGCONT). Figures from the run records and the sandbox: overlapping runs of one organisation,
 * takeover times, duplicate tasks, entries whose task differs after everything settled. Run on purpose:
 * {@code ./mvnw -Pbench test -Dtest=LockFaultsBenchmark}.
 */
@AlignIntegration
class LockFaultsBenchmark {

    private static final Duration LOCK_AT_MOST_FOR = SyncSettings.SHORTEST_LOCK; // ShedLock's keep-alive minimum
    private static final Duration TICK = Duration.ofMillis(500);
    private static final int ORGANISATIONS = 6;
    private static final int ENTRIES = 150;

    @Autowired TestData data;
    @Autowired BenchOrganisations organisations;
    @Autowired IllumeraClients clients;
    @Autowired EntryService entries;
    @Autowired JdbcClient jdbc;
    @Autowired Environment environment;
    @Autowired DataSource dataSource;

    private record Run(long id, long organisationId, String node, Instant startedAt, Instant endedAt, String outcome,
                       String message) {
    }

    private NodeProcesses nodes;

    @Test
    void three_nodes_a_kill_and_a_freeze() throws Exception {
        List<BenchOrganisations.Org> orgs = new ArrayList<>();
        for (int i = 0; i < ORGANISATIONS; i++) {
            orgs.add(organisations.connected("Faults " + i, ENTRIES));
        }
        Set<Long> ids = orgs.stream().map(o -> o.tenant().id()).collect(Collectors.toSet());
        Instant began = Instant.now();
        nodes = new NodeProcesses(environment, dataSource);
        for (int i = 1; i <= 3; i++) {
            start("faults-" + i);
        }
        AtomicBoolean changing = new AtomicBoolean(true);
        AtomicInteger changes = new AtomicInteger();
        Thread people = Thread.ofVirtual().start(() -> change(orgs, changing, changes));
        try {
            awaitRuns(ids, ORGANISATIONS * 3, Duration.ofMinutes(3));

            // kill -9 the node in the middle of a run
            Run victim = running(ids, Duration.ofSeconds(60));
            Instant killedAt = Instant.now();
            nodes.kill(victim.node());
            Run takeover = nextRun(victim, killedAt, Duration.ofSeconds(60));
            Duration killTakeover = Duration.between(killedAt, takeover.startedAt());
            start("faults-4");

            // SIGSTOP a node in the middle of a run past lockAtMostFor, then SIGCONT
            Run frozen = running(ids, Duration.ofSeconds(60));
            nodes.signal(frozen.node(), "STOP");
            Instant frozenAt = Instant.now();
            Run afterFreeze = nextRun(frozen, frozenAt, LOCK_AT_MOST_FOR.multipliedBy(2));
            Duration freezeTakeover = Duration.between(frozenAt, afterFreeze.startedAt());
            Thread.sleep(2_000);
            nodes.signal(frozen.node(), "CONT");
            Thread.sleep(5_000);
            // Changes go on until the nodes have ticked bench.ticks times in all (the issue asks 1,000).
            int wantedTicks = Integer.getInteger("bench.ticks", 1000);
            Instant ticksUntil = Instant.now().plus(Duration.ofMinutes(10));
            while (ticks().values().stream().mapToInt(Integer::intValue).sum() < wantedTicks) {
                assertThat(Instant.now()).as(wantedTicks + " ticks within 10 minutes").isBefore(ticksUntil);
                Thread.sleep(1_000);
            }

            changing.set(false);
            people.join();
            Thread.sleep(10_000); // the last changes are carried
            List<Run> runs = runs(ids);
            Run frozenAfter = runs.stream().filter(r -> r.id() == frozen.id()).findFirst().orElseThrow();

            List<String> overlaps = overlaps(runs, victim, killedAt);
            int duplicates = 0;
            int differing = 0;
            int missing = 0;
            for (BenchOrganisations.Org org : orgs) {
                IllumeraClient illumera = clients.forOrganisation(-org.tenant().id(), org.key().key());
                List<Task> tasks = illumera.tasks(org.workspace(), null).filter(t -> !t.deleted()).toList();
                Map<String, Long> byRef = tasks.stream().filter(t -> t.externalRef() != null)
                        .collect(Collectors.groupingBy(Task::externalRef, Collectors.counting()));
                duplicates += (int) byRef.values().stream().filter(n -> n > 1).count();
                Map<String, String> names = tasks.stream().filter(t -> t.externalRef() != null)
                        .collect(Collectors.toMap(Task::externalRef, Task::name, (a, b) -> a));
                data.login(org.tenant().admin());
                for (Entry entry : entries.list(dev.align.entry.EntryFilter.none(), 0, ENTRIES + 10)) {
                    String name = names.get("align:entry:" + entry.getId());
                    if (name == null) {
                        missing++;
                    } else if (!name.equals(entry.getTitle())) {
                        differing++;
                    }
                }
                data.logout();
            }
            Map<String, Integer> ticks = ticks();
            Map<String, Long> perNode = runs.stream().collect(Collectors.groupingBy(Run::node, java.util.TreeMap::new,
                    Collectors.counting()));

            System.out.println();
            System.out.printf("Lock faults: 3 sync processes (+1 after the kill), %d organisations × %d entries, tick %d ms,"
                            + " interval 2 s, lockAtMostFor %d s, %d changes by people over %d s%n", ORGANISATIONS, ENTRIES,
                    TICK.toMillis(), LOCK_AT_MOST_FOR.toSeconds(), changes.get(), Duration.between(began, Instant.now()).toSeconds());
            System.out.println("  runs per node: " + perNode + " (" + runs.size() + " in all); ticks per node: " + ticks
                    + " (" + ticks.values().stream().mapToInt(Integer::intValue).sum() + " in all)");
            System.out.printf("  kill -9 of %s during run %d: another node (%s) ran the organisation %.1f s later"
                            + " (bound: lockAtMostFor + one tick = %.1f s)%n", victim.node(), victim.id(), takeover.node(),
                    killTakeover.toMillis() / 1000.0, (LOCK_AT_MOST_FOR.plus(TICK)).toMillis() / 1000.0);
            System.out.printf("  SIGSTOP of %s during run %d: %s took over %.1f s later; after SIGCONT the frozen run"
                            + " ended %s: %s%n", frozen.node(), frozen.id(), afterFreeze.node(),
                    freezeTakeover.toMillis() / 1000.0, frozenAfter.outcome(), frozenAfter.message());
            System.out.println("  overlapping runs of one organisation (the frozen run aside): " + overlaps.size()
                    + (overlaps.isEmpty() ? "" : " " + overlaps));
            System.out.println("  frozen run overlapping the takeover: " + (frozenAfter.endedAt() != null
                    && frozenAfter.endedAt().isAfter(afterFreeze.startedAt()) ? "yes, until it met its fence" : "no"));
            System.out.printf("  sandbox: %d duplicate tasks; entries without a task: %d; tasks differing from their"
                    + " entry after settling: %d%n", duplicates, missing, differing);
            System.out.println();

            assertThat(overlaps).isEmpty();
            assertThat(duplicates).isZero();
            assertThat(missing).isZero();
            assertThat(differing).isZero();
            assertThat(killTakeover).isLessThanOrEqualTo(LOCK_AT_MOST_FOR.plus(TICK).plusSeconds(2));
        } finally {
            changing.set(false);
            nodes.close();
        }
    }

    /** People renaming entries, one every 50 ms, spread over the organisations. */
    private void change(List<BenchOrganisations.Org> orgs, AtomicBoolean changing, AtomicInteger changes) {
        Random random = new Random(7);
        while (changing.get()) {
            BenchOrganisations.Org org = orgs.get(random.nextInt(orgs.size()));
            data.login(org.tenant().admin());
            try {
                List<Entry> some = entries.list(dev.align.entry.EntryFilter.none(), random.nextInt(ENTRIES), 1);
                if (!some.isEmpty()) {
                    Entry entry = some.getFirst();
                    entries.update(entry.getId(), entry.getVersion(), new EntryDraft(org.project(), null,
                            "Entry " + entry.getId() + " v" + changes.incrementAndGet(), EntryStatus.TODO, null, null, null));
                }
            } catch (RuntimeException raced) {
                // a stale version: the next change goes on
            } finally {
                data.logout();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void start(String name) throws Exception {
        nodes.start(name, "--illumera.sync.interval=PT2S", "--illumera.sync.tick=PT" + TICK.toMillis() / 1000.0 + "S",
                "--illumera.sync.lock-at-most-for=PT" + LOCK_AT_MOST_FOR.toSeconds() + "S",
                "--logging.level.dev.align.illumera.sync.SyncScheduler=DEBUG");
    }

    /** Scheduler ticks so far per node, from each process's output (the scheduler logs one line per tick). */
    private static Map<String, Integer> ticks() throws java.io.IOException {
        Map<String, Integer> ticks = new java.util.TreeMap<>();
        for (int i = 1; i <= 4; i++) {
            var out = java.nio.file.Path.of("target/test-logs/faults-" + i + ".out");
            if (java.nio.file.Files.exists(out)) {
                try (var lines = java.nio.file.Files.lines(out)) {
                    ticks.put("faults-" + i, (int) lines.filter(line -> line.contains("Sync tick")).count());
                }
            }
        }
        return ticks;
    }

    private void awaitRuns(Set<Long> ids, int atLeast, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (runs(ids).stream().filter(r -> r.endedAt() != null).count() < atLeast) {
            assertThat(Instant.now()).as("runs within " + within).isBefore(until);
            Thread.sleep(200);
        }
    }

    /** A run in flight on one of the started nodes. */
    private Run running(Set<Long> ids, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (true) {
            var found = runs(ids).stream().filter(r -> r.endedAt() == null && nodes.runs(r.node())).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertThat(Instant.now()).as("a run in flight within " + within).isBefore(until);
            Thread.sleep(10);
        }
    }

    /** The first run of the same organisation started after {@code after} on another node. */
    private Run nextRun(Run of, Instant after, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (true) {
            var found = runs(Set.of(of.organisationId())).stream()
                    .filter(r -> r.startedAt().isAfter(after) && !r.node().equals(of.node())).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertThat(Instant.now()).as("another node took over within " + within).isBefore(until);
            Thread.sleep(50);
        }
    }

    private List<Run> runs(Set<Long> ids) {
        return jdbc.sql("""
                        SELECT id, organisation_id, node, started_at, ended_at, outcome, message FROM illumera_sync_run
                        WHERE organisation_id IN (:ids) ORDER BY organisation_id, started_at, id""")
                .param("ids", ids)
                .query((rs, n) -> new Run(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(), rs.getString(6),
                        rs.getString(7)))
                .list();
    }

    /** Runs of one organisation that overlap in time; the killed run counts as ended when it was killed. */
    private static List<String> overlaps(List<Run> runs, Run killed, Instant killedAt) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i + 1 < runs.size(); i++) {
            Run run = runs.get(i);
            Run next = runs.get(i + 1);
            Instant end = run.id() == killed.id() ? killedAt : run.endedAt();
            if (run.organisationId() == next.organisationId() && end != null && next.startedAt().isBefore(end)
                    && !"STOPPED".equals(run.outcome())) {
                found.add(run.id() + "/" + next.id());
            }
        }
        return found;
    }
}
