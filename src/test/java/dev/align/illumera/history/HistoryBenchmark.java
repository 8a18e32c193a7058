package dev.align.illumera.history;

import dev.align.audit.AuditQuery;
import dev.align.audit.AuditTrail;
import dev.align.illumera.sync.SyncRun;
import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: the sync history's figures at scale, printed. For each size (system property
 * {@code bench.items}, default 1000000) the run-record table gets that many more rows across 50
 * organisations (100 runs each); then, server side, p95 over 100 fetches of: the runs grid's first
 * page, a run's first page of records, a deep page (90 % into the run), a filtered page (errors), and
 * one entry's history, each next to the same query as plain SQL. Then the CSV export of 100,000 audit
 * records: time and peak heap. Run on purpose:
 * {@code ./mvnw -Pbench test -Dtest=HistoryBenchmark -Dbench.items=1000000,5000000}.
 */
@AlignIntegration
class HistoryBenchmark {

    static final int ORGANISATIONS = 50;
    static final int RUNS = 100;
    static final int FETCHES = 100;

    @Autowired SyncHistory history;
    @Autowired AuditTrail audit;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @Test
    void history_paging_and_audit_export() {
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.items", "1000000").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("History benchmark (MariaDB %s, max heap %d MB, %d fetches each, server side)",
                jdbc.sql("SELECT VERSION()").query(String.class).single(), Runtime.getRuntime().maxMemory() >> 20,
                FETCHES));
        Tenant target = null;
        for (int size : sizes) {
            long start = System.nanoTime();
            for (int i = 0; i < ORGANISATIONS; i++) {
                target = fill(size / ORGANISATIONS);
            }
            long total = jdbc.sql("SELECT COUNT(*) FROM illumera_sync_item").query(Long.class).single();
            lines.add(String.format("%,d run records added in %.0f s (table now %,d rows)", size,
                    (System.nanoTime() - start) / 1e9, total));
            lines.addAll(measure(target));
        }
        lines.addAll(export(target));
        System.out.println();
        lines.forEach(System.out::println);
        System.out.println();
        assertThat(lines).isNotEmpty();
    }

    /** One organisation with 100 runs and {@code items} records spread over them (errors: 1 in 97). */
    private Tenant fill(int items) {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        for (int run = 0; run < RUNS; run++) {
            jdbc.sql("INSERT INTO illumera_sync_run (organisation_id, run_trigger, node, started_at, ended_at, outcome,"
                            + " counts) VALUES (?, 'SCHEDULED', ?, NOW(6) - INTERVAL ? MINUTE, NOW(6) - INTERVAL ? MINUTE,"
                            + " 'SUCCEEDED', '{}')")
                    .params(tenant.id(), "bench-" + run, (RUNS - run) * 5, (RUNS - run) * 5).update();
        }
        jdbc.sql("INSERT INTO illumera_sync_item (run_id, organisation_id, record_type, align_id, illumera_id, direction,"
                        + " action, changes, message, at)"
                        + " SELECT r.id, r.organisation_id, 'ENTRY', s.seq % 5000, CONCAT('tsk_', s.seq % 5000),"
                        + " IF(s.seq % 2 = 0, 'TO_ILLUMERA', 'TO_ALIGN'), IF(s.seq % 97 = 0, 'ERROR', 'UPDATED'),"
                        + " '{\"ENTRY_TITLE\":[\"Write it\",\"Write the guide\"]}',"
                        + " IF(s.seq % 97 = 0, 'Illumera refused the update: name too long', NULL), r.started_at"
                        + " FROM seq_1_to_" + items + " s JOIN illumera_sync_run r ON r.organisation_id = ?"
                        + " AND r.node = CONCAT('bench-', s.seq % " + RUNS + ")")
                .param(tenant.id()).update();
        return tenant;
    }

    private List<String> measure(Tenant tenant) {
        data.login(tenant.admin());
        long run = jdbc.sql("SELECT run_id FROM illumera_sync_item WHERE organisation_id = ? LIMIT 1")
                .param(tenant.id()).query(Long.class).single();
        long inRun = jdbc.sql("SELECT COUNT(*) FROM illumera_sync_item WHERE run_id = ?").param(run).query(Long.class)
                .single();
        long deep = jdbc.sql("SELECT id FROM illumera_sync_item WHERE run_id = ? ORDER BY id LIMIT 1 OFFSET ?")
                .params(run, inRun * 9 / 10).query(Long.class).single();
        SyncRun newest = history.runs(SyncHistory.RunFilter.none(), null, 1).getFirst();
        List<String> lines = new ArrayList<>();
        lines.add(String.format("  one organisation: %,d records in the run measured", inRun));
        lines.add(row("runs grid, first page", () -> history.runs(SyncHistory.RunFilter.none(), null, 50),
                () -> raw("SELECT " + SyncRun.COLUMNS + " FROM illumera_sync_run WHERE organisation_id = ?"
                        + " ORDER BY started_at DESC, id DESC LIMIT 50", tenant.id())));
        lines.add(row("runs grid, after the newest", () -> history.runs(SyncHistory.RunFilter.none(), newest, 50),
                () -> raw("SELECT " + SyncRun.COLUMNS + " FROM illumera_sync_run WHERE organisation_id = ? AND"
                        + " (started_at < ? OR (started_at = ? AND id < ?)) ORDER BY started_at DESC, id DESC LIMIT 50",
                        tenant.id(), java.sql.Timestamp.from(newest.startedAt()),
                        java.sql.Timestamp.from(newest.startedAt()), newest.id())));
        lines.add(row("run records, first page", () -> history.records(run, null, 0, 50),
                () -> raw(ITEMS + " WHERE organisation_id = ? AND run_id = ? AND id > 0 ORDER BY id LIMIT 50",
                        tenant.id(), run)));
        lines.add(row("run records, deep page (90 %)", () -> history.records(run, null, deep, 50),
                () -> raw(ITEMS + " WHERE organisation_id = ? AND run_id = ? AND id > ? ORDER BY id LIMIT 50",
                        tenant.id(), run, deep)));
        lines.add(row("run records, errors only", () -> history.records(run, "ERROR", 0, 50),
                () -> raw(ITEMS + " WHERE organisation_id = ? AND run_id = ? AND action = 'ERROR' AND id > 0"
                        + " ORDER BY id LIMIT 50", tenant.id(), run)));
        lines.add(row("an entry's sync history", () -> history.entryHistory(42, null, 50),
                () -> raw(ITEMS + " WHERE organisation_id = ? AND record_type = 'ENTRY' AND align_id = 42"
                        + " AND id < 9223372036854775807 ORDER BY id DESC LIMIT 50", tenant.id())));
        data.logout();
        return lines;
    }

    private static final String ITEMS = "SELECT id, run_id, record_type, align_id, illumera_id, direction, action,"
            + " changes, message, at FROM illumera_sync_item";

    private Object raw(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query((rs, n) -> rs.getLong(1)).list();
    }

    private static String row(String what, Supplier<?> service, Supplier<?> raw) {
        double servicePercentile = p95(service);
        double rawPercentile = p95(raw);
        return String.format("  %-32s p95 %6.1f ms   plain SQL %6.1f ms   ratio %.2f", what, servicePercentile,
                rawPercentile, servicePercentile / rawPercentile);
    }

    private static double p95(Supplier<?> fetch) {
        for (int i = 0; i < 50; i++) {
            fetch.get(); // warm up
        }
        double[] millis = new double[FETCHES];
        for (int i = 0; i < FETCHES; i++) {
            long start = System.nanoTime();
            fetch.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return millis[(int) Math.ceil(FETCHES * 0.95) - 1];
    }

    private List<String> export(Tenant tenant) {
        int rows = 100_000;
        jdbc.sql("INSERT INTO audit_record (organisation_id, actor_email, actor_role, action, target, outcome, difference)"
                        + " SELECT ?, 'bench@test.example', 'ADMIN', 'illumera.settings', CONCAT('=target ', seq), 'DONE',"
                        + " '{\"conflictPolicy\":{\"before\":\"Ask me\",\"after\":\"Align wins\"}}' FROM seq_1_to_" + rows)
                .param(tenant.id()).update();
        data.login(tenant.admin());
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long before = heapUsed();
        var counted = new long[1];
        long start = System.nanoTime();
        audit.exportCsv(AuditQuery.all(), new Writer() {
            @Override
            public void write(char[] buffer, int offset, int length) {
                counted[0] += length;
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        data.logout();
        return List.of(String.format("CSV export of %,d audit records: %.2f s, %,d MB of CSV, heap before %d MB,"
                + " peak %d MB", rows, seconds, counted[0] >> 20, before >> 20, peak >> 20));
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }
}
