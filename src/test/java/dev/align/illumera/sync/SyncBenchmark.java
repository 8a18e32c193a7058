package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.client.IllumeraClients;
import dev.align.illumera.client.IllumeraModel.BatchItem;
import dev.align.illumera.client.IllumeraModel.BatchResult;
import dev.align.illumera.client.IllumeraModel.NewTask;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.sync.SyncRun.Trigger;
import dev.align.organisation.Plan;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.support.AlignIntegration;
import dev.align.support.SandboxAdmin;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: the sync engine's figures, printed. For each size (system property {@code bench.sizes},
 * default 1000,10000): the client-to-sandbox batch bound, then the initial sync of that many entries
 * (entries/s, SQL statements per entry, peak heap), then incremental runs with 10 changes (time and
 * API calls per run), then a drift check over every linked entry (time, API calls, share of the rate
 * limit). Run on purpose: {@code ./mvnw -Pbench test -Dtest=SyncBenchmark -Dbench.sizes=1000,100000}.
 */
@AlignIntegration
class SyncBenchmark {

    @Autowired IllumeraAddOnService addOn;
    @Autowired SyncRunner runner;
    @Autowired EntryService entries;
    @Autowired ProjectService projects;
    @Autowired IllumeraClients clients;
    @Autowired SandboxAdmin sandbox;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired JdbcTemplate template;
    @Autowired DriftCheck drift;

    @Test
    void initial_and_incremental_sync() {
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.sizes", "1000,10000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("Sync benchmark (sandbox over HTTP on 127.0.0.1, MariaDB %s, max heap %d MB)",
                jdbc.sql("SELECT VERSION()").query(String.class).single(), Runtime.getRuntime().maxMemory() >> 20));
        for (int size : sizes) {
            lines.addAll(measure(size));
        }
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println();
    }

    private List<String> measure(int size) {
        List<String> lines = new ArrayList<>();
        // The bound: the same number of tasks through the client's batch call, nothing else.
        String boundWorkspace = sandbox.newWorkspace("Bound " + UUID.randomUUID());
        var boundClient = clients.forOrganisation(-1, sandbox.newKey(boundWorkspace, null).key());
        long q0 = questions();
        long t0 = System.nanoTime();
        for (int offset = 0; offset < size; offset += 100) {
            List<BatchItem> items = new ArrayList<>();
            for (int i = offset; i < Math.min(size, offset + 100); i++) {
                items.add(BatchItem.create(new NewTask(boundWorkspace, "Bound task " + i, "todo", null, null, null, null,
                        "align:entry:" + i), "bound-" + boundWorkspace + "-" + i));
            }
            assertThat(boundClient.batch(items, UUID.randomUUID().toString())).allMatch(BatchResult::succeeded);
        }
        double boundSeconds = (System.nanoTime() - t0) / 1e9;
        long boundQuestions = questions() - q0;

        // The organisation: N entries (inserted directly: the initial sync reads the table, not the outbox).
        Tenant tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.admin());
        String name = "Bench " + UUID.randomUUID().toString().substring(0, 6);
        String workspace = sandbox.newWorkspace(name);
        SandboxAdmin.Key key = sandbox.newKey(workspace, null);
        addOn.connect(key.key(), workspace);
        long project = projects.create(new ProjectDraft(name, null)).getId();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            rows.add(new Object[] {tenant.id(), project, "Entry " + i, "TODO"});
        }
        template.batchUpdate("INSERT INTO entry (organisation_id, project_id, title, status) VALUES (?, ?, ?, ?)",
                rows);
        var view = addOn.settings();
        Mapping defaults = Mapping.defaults(Direction.BIDIRECTIONAL, view.schema());
        addOn.saveSettings(new AddOnSettings(defaults.withRow(defaults.row(AlignField.PROJECT).switchedOn(false)),
                ConflictPolicy.ASK_ME, Set.of(), false), 0, true);

        resetPeaks();
        q0 = questions();
        // The run happens on this thread (the sandbox answers on Tomcat's): its CPU time is Align's side.
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        t0 = System.nanoTime();
        SyncRun initial = runner.run(tenant.id(), Trigger.MANUAL).getFirst();
        double initialSeconds = (System.nanoTime() - t0) / 1e9;
        double cpuMillisPerEntry = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e6 / size;
        long initialQuestions = questions() - q0;
        long peakHeap = peakHeap();
        assertThat(initial.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        assertThat(initial.count("ENTRY", "CREATED")).isEqualTo(size);

        // The first incremental run reads back the tasks the initial sync made (once); then steady state.
        t0 = System.nanoTime();
        runner.run(tenant.id(), Trigger.MANUAL);
        double echoSeconds = (System.nanoTime() - t0) / 1e9;
        double[] steady = new double[3];
        int[] calls = new int[3];
        for (int round = 0; round < 3; round++) {
            List<Entry> some = entries.list(dev.align.entry.EntryFilter.none(), round * 10, 10);
            for (Entry entry : some) {
                entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project, null,
                        entry.getTitle() + " (changed " + round + ")", EntryStatus.IN_PROGRESS, null, null, null));
            }
            java.time.Instant from = java.time.Instant.now();
            t0 = System.nanoTime();
            SyncRun run = runner.run(tenant.id(), Trigger.MANUAL).getFirst();
            steady[round] = (System.nanoTime() - t0) / 1e9;
            // The sandbox keeps a key's last 1,000 requests: count those that arrived during this run.
            calls[round] = (int) sandbox.requestLog(key.keyId()).stream().filter(r -> !r.at().isBefore(from)).count();
            assertThat(run.count("ENTRY", "UPDATED")).isEqualTo(10);
        }
        // The drift check: every linked record compared on both sides, paced by the rate limit.
        long callsBefore = sandbox.requestTotal(key.keyId());
        drift.requestAll();
        t0 = System.nanoTime();
        SyncRun check = runner.run(tenant.id(), Trigger.MANUAL).getFirst();
        double driftSeconds = (System.nanoTime() - t0) / 1e9;
        long driftCalls = sandbox.requestTotal(key.keyId()) - callsBefore;
        assertThat(check.trigger()).isEqualTo(Trigger.DRIFT);
        assertThat(check.outcome()).isEqualTo(SyncRun.Outcome.SUCCEEDED);
        data.logout();

        lines.add(String.format("  %,d entries", size));
        lines.add(String.format("    bound: client batch create     %7.1f s  %7.0f tasks/s   %5.1f SQL statements/task (sandbox)",
                boundSeconds, size / boundSeconds, (double) boundQuestions / size));
        lines.add(String.format("    initial sync (create all)      %7.1f s  %7.0f entries/s %5.1f SQL statements/entry"
                        + " (%.2f beyond the sandbox's)  %.0f %% of the bound  %.0f %% of the rate limit's 1,000 tasks/s"
                        + "  Align's CPU %.2f ms/entry  peak heap %d MB",
                initialSeconds, size / initialSeconds, (double) initialQuestions / size,
                (double) (initialQuestions - boundQuestions) / size, 100 * boundSeconds / initialSeconds,
                100 * size / initialSeconds / 1000, cpuMillisPerEntry, peakHeap >> 20));
        lines.add(String.format("    first incremental (echo pass)  %7.2f s", echoSeconds));
        lines.add(String.format("    incremental, 10 changes        %7.3f s / %.3f s / %.3f s   API calls %d / %d / %d",
                steady[0], steady[1], steady[2], calls[0], calls[1], calls[2]));
        lines.add(String.format("    drift check, all linked        %7.1f s  API calls %d  (%.0f %% of the rate limit's 600/min over"
                        + " that time)  repaired %d", driftSeconds, driftCalls,
                100 * driftCalls / (10.0 * driftSeconds), check.count("DRIFT", "REPAIRED")));
        return lines;
    }

    private long questions() {
        return jdbc.sql("SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = 'QUESTIONS'")
                .query(Long.class).single();
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
