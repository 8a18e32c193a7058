package dev.align.illumera.sync;

import dev.align.support.AlignIntegration;
import dev.align.support.NodeProcesses;
import dev.align.support.SandboxAdmin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: how the sync scales out (issue 15, item 6), printed. Many small organisations, each always
 * due (a 1 s interval), synced by 1, 2 and then 3 sync nodes as processes of their own, with the sandbox
 * adding latency to every request; each configuration runs for a fixed window and counts the runs that
 * finished in it. Run on purpose: {@code ./mvnw -Pbench test -Dtest=ScaleOutBenchmark}
 * ({@code -Dbench.organisations}, {@code -Dbench.window-s}, {@code -Dbench.latency-ms}).
 */
@AlignIntegration
class ScaleOutBenchmark {

    @Autowired BenchOrganisations organisations;
    @Autowired SandboxAdmin sandbox;
    @Autowired JdbcClient jdbc;
    @Autowired Environment environment;
    @Autowired DataSource dataSource;

    @AfterEach
    void noLatency() {
        sandbox.post("/admin/faults", "{\"latencyMillis\": 0}");
    }

    @Test
    void organisations_synced_per_five_minutes_with_one_two_and_three_nodes() throws Exception {
        int count = Integer.getInteger("bench.organisations", 40);
        Duration window = Duration.ofSeconds(Long.getLong("bench.window-s", 60));
        long latency = Long.getLong("bench.latency-ms", 100);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(organisations.connected("Scale " + i, 5).tenant().id());
        }
        sandbox.post("/admin/faults", "{\"latencyMillis\": " + latency + "}");

        Map<Integer, Double> perFiveMinutes = new LinkedHashMap<>();
        for (int nodeCount = 1; nodeCount <= 3; nodeCount++) {
            try (var nodes = new NodeProcesses(environment, dataSource)) {
                for (int n = 1; n <= nodeCount; n++) {
                    nodes.start("scale-" + nodeCount + "-" + n, "--illumera.sync.interval=PT1S",
                            "--illumera.sync.tick=PT1S", "--illumera.sync.parallel-runs=4");
                }
                awaitFirstRuns(ids, nodeCount, Duration.ofMinutes(3)); // started and syncing
                Instant from = Instant.now();
                Thread.sleep(window.toMillis());
                Instant to = Instant.now();
                long finished = jdbc.sql("""
                                SELECT COUNT(*) FROM illumera_sync_run WHERE organisation_id IN (:ids)
                                AND node LIKE :nodes AND ended_at >= :from AND ended_at < :to AND outcome = 'SUCCEEDED'""")
                        .param("ids", ids).param("nodes", "scale-" + nodeCount + "-%")
                        .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).query(Long.class).single();
                perFiveMinutes.put(nodeCount, finished * (300.0 / window.toSeconds()));
            }
        }

        System.out.println();
        System.out.printf("Scale-out: %d organisations always due (interval 1 s), 4 workers per node, sandbox latency"
                + " %d ms per request, %d s window per configuration%n", count, latency, window.toSeconds());
        perFiveMinutes.forEach((nodes, runs) -> System.out.printf("  %d node%s: %,.0f organisation syncs per 5 minutes"
                + " (%.2f× one node)%n", nodes, nodes == 1 ? " " : "s", runs, runs / perFiveMinutes.get(1)));
        System.out.println();
        assertThat(perFiveMinutes.get(1)).isPositive();
    }

    /** Waits until every node of this configuration has finished a run and every organisation had its initial sync. */
    private void awaitFirstRuns(List<Long> ids, int nodeCount, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (true) {
            Set<String> seen = jdbc.sql("""
                            SELECT DISTINCT node FROM illumera_sync_run WHERE organisation_id IN (:ids)
                            AND node LIKE :nodes AND ended_at IS NOT NULL""")
                    .param("ids", ids).param("nodes", "scale-" + nodeCount + "-%").query(String.class).set();
            long synced = jdbc.sql("""
                            SELECT COUNT(DISTINCT organisation_id) FROM illumera_sync_run WHERE organisation_id IN (:ids)
                            AND outcome = 'SUCCEEDED'""").param("ids", ids).query(Long.class).single();
            if (seen.size() == nodeCount && synced == ids.size()) { // every initial sync done: steady runs only
                return;
            }
            assertThat(Instant.now()).as("every node synced within " + within).isBefore(until);
            Thread.sleep(500);
        }
    }
}
