package dev.align.illumera.sync;

import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.organisation.Plan;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.support.AlignIntegration;
import dev.align.support.SandboxAdmin;
import dev.align.support.Tenant;
import dev.align.support.SecondNode;
import dev.align.support.TestData;
import net.javacrumbs.shedlock.core.LockProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes (this test's Spring context and a second one started here) on one database and one
 * sandbox, each ticking 200 times with a short interval: the per-organisation lock shares the
 * organisations between them, and no organisation is ever synced twice at once (from the run records).
 */
@AlignIntegration
class TwoNodeSchedulingTest {

    static final Duration INTERVAL = Duration.ofMillis(200);

    @Autowired IllumeraAddOnService addOn;
    @Autowired ProjectService projects;
    @Autowired EntryService entries;
    @Autowired TestData data;
    @Autowired SandboxAdmin sandbox;
    @Autowired SyncEngine engine;
    @Autowired SyncStates states;
    @Autowired LockProvider locks;
    @Autowired DataSource dataSource;
    @Autowired Environment environment;
    @Autowired JdbcClient jdbc;

    record Run(long organisationId, String node, Instant startedAt, Instant endedAt, String outcome) {
    }

    @Test
    void two_nodes_share_the_organisations_and_never_sync_one_twice_at_once() throws Exception {
        Set<Long> ours = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            ours.add(connectedTenant());
        }
        ConfigurableApplicationContext nodeB = nodeB();
        SyncScheduler nodeA = scheduler(engine, states, locks);
        SyncScheduler other = scheduler(nodeB.getBean(SyncEngine.class), nodeB.getBean(SyncStates.class),
                nodeB.getBean(LockProvider.class));
        assertThat(nodeB.getBean(SyncEngine.class).node()).isEqualTo("node-b");

        var a = CompletableFuture.runAsync(() -> ticks(nodeA, ours));
        var b = CompletableFuture.runAsync(() -> ticks(other, ours));
        CompletableFuture.allOf(a, b).get();

        List<Run> runs = jdbc.sql("""
                        SELECT organisation_id, node, started_at, ended_at, outcome FROM illumera_sync_run
                        WHERE organisation_id IN (:ours) ORDER BY organisation_id, started_at, id""")
                .param("ours", ours)
                .query((rs, n) -> new Run(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(), rs.getString(5)))
                .list();
        assertThat(runs).extracting(Run::organisationId).containsAll(ours);
        assertThat(runs).extracting(Run::node).contains("node-b", engine.node());
        assertThat(jdbc.sql("SELECT DISTINCT locked_by FROM shedlock WHERE name IN (:locks)")
                .param("locks", ours.stream().map(SyncRunner::lockName).toList()).query(String.class).list())
                .as("each lock names the node that took it last, not the host they share")
                .isSubsetOf("node-b", engine.node()).isNotEmpty();
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.endedAt()).isNotNull();
            assertThat(run.outcome()).isEqualTo("SUCCEEDED");
        });
        List<String> overlaps = new ArrayList<>();
        for (int i = 0; i + 1 < runs.size(); i++) {
            Run run = runs.get(i);
            Run next = runs.get(i + 1);
            if (run.organisationId() == next.organisationId() && next.startedAt().isBefore(run.endedAt())) {
                overlaps.add(run + " overlaps " + next);
            }
        }
        assertThat(overlaps).isEmpty();
        assertThat(runs.size()).as("the organisations were synced again and again").isGreaterThan(ours.size() * 3);
        for (long organisation : ours) {
            assertThat(data.count("SELECT COUNT(*) FROM illumera_link WHERE organisation_id = ? AND record_type = 'ENTRY'"
                    + " AND state = 'LINKED'", organisation)).as("organisation %d synced", organisation).isEqualTo(3);
        }
    }

    @Test
    void one_organisations_long_run_holds_one_worker_and_the_others_are_synced_when_due() throws Exception {
        long slow = connectedTenant();
        long quick = connectedTenant();
        var slowRunning = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        engine.crashAt((step, count) -> { // the slow organisation's initial sync stalls, as a very large one would
            if (dev.align.security.CurrentUser.organisationId() == slow) {
                slowRunning.countDown();
                try {
                    release.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        var settings = SyncSettings.of(INTERVAL, false);
        var scheduler = new SyncScheduler(new SyncRunner(engine, states, locks, Clock.systemUTC(), settings), states,
                Clock.systemUTC(), settings); // its own bounded pool, as in production
        try {
            scheduler.tick(id -> id == slow);
            assertThat(slowRunning.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

            scheduler.tick(id -> id == slow || id == quick);

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> data.count(
                    "SELECT COUNT(*) FROM illumera_link WHERE organisation_id = ? AND record_type = 'ENTRY'"
                            + " AND state = 'LINKED'", quick) == 3);
            assertThat(data.count("SELECT COUNT(*) FROM illumera_sync_run WHERE organisation_id = ?", slow))
                    .as("the stalled organisation was not started a second time").isOne();
            assertThat(data.count("SELECT COUNT(*) FROM illumera_sync_run WHERE organisation_id = ?"
                    + " AND ended_at IS NULL", slow)).as("and it is still running: the other did not wait for it").isOne();
        } finally {
            release.countDown();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> data.count(
                    "SELECT COUNT(*) FROM illumera_sync_run WHERE organisation_id = ? AND ended_at IS NULL", slow) == 0);
            engine.crashAt(null);
            scheduler.destroy();
        }
    }

    private static ConfigurableApplicationContext nodeB;

    /**
     * Node B, started once for the class: a sync worker without a web server. Command-line arguments
     * outrank application.properties, as a second node's environment would.
     */
    private ConfigurableApplicationContext nodeB() {
        if (nodeB == null) {
            nodeB = SecondNode.start(environment, dataSource, "node-b", false,
                    "--illumera.sync.tick=PT24H", "--illumera.key-check.cron=-", "--illumera.drift.cron=-");
        }
        return nodeB;
    }

    @AfterAll
    static void stopNodeB() {
        if (nodeB != null) {
            nodeB.close();
            nodeB = null;
        }
    }

    /**
     * Fairness (issue 13, item 7): two nodes with four workers each, twenty small organisations and one
     * whose initial sync stalls (as a very large one would). Every small organisation is synced within
     * one tick of being due: the tick hands them to workers as they free up instead of leaving them for
     * the next tick, and the stalled one holds a single worker.
     */
    @Test
    void twenty_small_organisations_are_synced_within_a_tick_while_a_large_one_runs() throws Exception {
        long large = connectedTenant();
        Set<Long> small = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            small.add(connectedTenant());
        }
        Set<Long> ours = new HashSet<>(small);
        ours.add(large);
        var release = new java.util.concurrent.CountDownLatch(1);
        SyncEngine.CrashPoint stall = (step, count) -> {
            if (dev.align.security.CurrentUser.organisationId() == large) {
                try {
                    release.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        SyncEngine engineB = nodeB().getBean(SyncEngine.class);
        engine.crashAt(stall);
        engineB.crashAt(stall);
        Duration tick = Duration.ofSeconds(5);
        var settings = SyncSettings.of(Duration.ofMinutes(5), false).withTick(tick, 4);
        var nodeA = new SyncScheduler(new SyncRunner(engine, states, locks, Clock.systemUTC(), settings), states,
                Clock.systemUTC(), settings);
        var other = new SyncScheduler(new SyncRunner(engineB, nodeB().getBean(SyncStates.class),
                nodeB().getBean(LockProvider.class), Clock.systemUTC(), settings), nodeB().getBean(SyncStates.class),
                Clock.systemUTC(), settings);
        Instant due = Instant.now();
        try {
            var a = CompletableFuture.runAsync(() -> nodeA.tick(ours::contains));
            var b = CompletableFuture.runAsync(() -> other.tick(ours::contains));
            CompletableFuture.allOf(a, b).get();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("""
                            SELECT COUNT(DISTINCT organisation_id) FROM illumera_sync_run
                            WHERE organisation_id IN (:small) AND ended_at IS NOT NULL""")
                    .param("small", small).query(Long.class).single() == small.size());

            List<Duration> waits = jdbc.sql("""
                            SELECT MIN(started_at) FROM illumera_sync_run WHERE organisation_id IN (:small)
                            GROUP BY organisation_id""")
                    .param("small", small).query((rs, n) -> Duration.between(due, rs.getTimestamp(1).toInstant()))
                    .list();
            assertThat(waits).as("every small organisation started within one tick of being due").hasSize(20)
                    .allSatisfy(wait -> assertThat(wait).isLessThan(tick));
            assertThat(data.count("SELECT COUNT(*) FROM illumera_sync_run WHERE organisation_id = ?"
                    + " AND ended_at IS NULL", large)).as("while the large one still runs").isOne();
        } finally {
            release.countDown();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> data.count(
                    "SELECT COUNT(*) FROM illumera_sync_run WHERE organisation_id = ? AND ended_at IS NULL", large) == 0);
            engine.crashAt(null);
            engineB.crashAt(null);
            nodeA.destroy();
            other.destroy();
        }
    }

    private static SyncScheduler scheduler(SyncEngine engine, SyncStates states, LockProvider locks) {
        Clock clock = Clock.systemUTC();
        var settings = SyncSettings.of(INTERVAL, false);
        // Each run on the ticking thread: the run records then say everything about overlaps.
        return new SyncScheduler(new SyncRunner(engine, states, locks, clock, settings), states, clock, settings,
                Runnable::run);
    }

    private static void ticks(SyncScheduler scheduler, Set<Long> ours) {
        for (int tick = 0; tick < 200; tick++) {
            scheduler.tick(ours::contains);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long connectedTenant() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.admin());
        try {
            String workspace = sandbox.newWorkspace("Nodes " + UUID.randomUUID().toString().substring(0, 6));
            addOn.connect(sandbox.newKey(workspace, null).key(), workspace);
            long project = projects.create(new ProjectDraft("Nodes " + workspace, null)).getId();
            for (int i = 1; i <= 3; i++) {
                entries.create(new EntryDraft(project, null, "Entry " + i, EntryStatus.TODO, null, null, null));
            }
            var view = addOn.settings();
            Mapping defaults = Mapping.defaults(Direction.BIDIRECTIONAL, view.schema());
            addOn.saveSettings(new AddOnSettings(defaults.withRow(defaults.row(AlignField.PROJECT).switchedOn(false)),
                    ConflictPolicy.ASK_ME, Set.of(), false), 0, true);
            return tenant.id();
        } finally {
            data.logout();
        }
    }
}
