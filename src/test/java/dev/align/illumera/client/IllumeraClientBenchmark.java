package dev.align.illumera.client;

import dev.align.illumera.client.IllumeraModel.BatchItem;
import dev.align.illumera.client.IllumeraModel.BatchResult;
import dev.align.illumera.client.IllumeraModel.NewTask;
import dev.align.support.AlignIntegration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: the upper bound the sync engine is compared with. Creates 10,000 tasks through the
 * client's batch call and reads them back through the change feed, then prints tasks/s both ways.
 * Run on purpose: {@code ./mvnw -Pbench test}.
 */
@AlignIntegration
class IllumeraClientBenchmark {

    static final int TASKS = 10_000;

    @Autowired Environment environment;

    @Test
    void batch_create_and_feed_read_ten_thousand_tasks() {
        var sandbox = new SandboxFixture(environment);
        String workspace = sandbox.newWorkspace("Benchmark " + UUID.randomUUID());
        var client = sandbox.client(sandbox.newKey(workspace).key());
        Instant start = Instant.now();

        long writeStart = System.nanoTime();
        for (int offset = 0; offset < TASKS; offset += 100) {
            List<BatchItem> items = new ArrayList<>();
            for (int i = offset; i < offset + 100; i++) {
                items.add(BatchItem.create(new NewTask(workspace, "Benchmark task " + i, null, null, null, null, null,
                        "align:entry:" + i), "bench-" + workspace + "-" + i));
            }
            assertThat(client.batch(items, "bench-batch-" + workspace + "-" + offset)).allMatch(BatchResult::succeeded);
        }
        Duration write = Duration.ofNanos(System.nanoTime() - writeStart);

        long readStart = System.nanoTime();
        long read = client.tasks(workspace, start.minusSeconds(1)).count();
        Duration reading = Duration.ofNanos(System.nanoTime() - readStart);

        assertThat(read).isEqualTo(TASKS);
        System.out.printf("%nIllumera client benchmark (sandbox over HTTP on 127.0.0.1, %d tasks)%n", TASKS);
        System.out.printf("  batch create (100 per call): %6.1f s  %8.0f tasks/s%n", seconds(write), TASKS / seconds(write));
        System.out.printf("  feed read (200 per page):    %6.1f s  %8.0f tasks/s%n%n", seconds(reading),
                TASKS / seconds(reading));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
