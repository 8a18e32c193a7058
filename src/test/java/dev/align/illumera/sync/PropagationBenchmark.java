package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryStatus;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.inbound.InboundWebhooks;
import dev.align.illumera.mapping.Direction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: propagation latency, printed. {@code bench.changes} changes (default 200) one after the
 * other, {@code bench.pace-ms} apart (default 200), first made in Align (pushed), then in Illumera
 * (webhooks), with the sandbox's rate limit on and no scheduled runs. A change's latency is from just
 * before it was made to the end of the first run that started after it (the run that carried it; read
 * from the run records, so measuring costs no API calls). Run on purpose:
 * {@code ./mvnw -q -Pbench test -Dtest=PropagationBenchmark -Dbench.changes=1000}.
 */
class PropagationBenchmark extends SyncFixture {

    @Autowired SyncPush push;
    @Autowired InboundWebhooks webhooks;

    @AfterEach
    void pushOff() {
        push.enabled(false);
    }

    @Test
    void align_to_illumera_and_back() throws InterruptedException {
        int changes = Integer.getInteger("bench.changes", 200);
        long pace = Long.getLong("bench.pace-ms", 200);
        List<Entry> pool = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pool.add(entry("Bench " + i));
        }
        save(ConflictPolicy.MOST_RECENT, Direction.BIDIRECTIONAL, false);
        runOnce();
        webhooks.register();
        push.enabled(true);

        long callsBefore = sandbox.requestTotal(key.keyId());
        List<Instant> toIllumera = new ArrayList<>();
        for (int i = 0; i < changes; i++) {
            Entry entry = entries.get(pool.get(i % pool.size()).getId());
            toIllumera.add(Instant.now());
            entries.update(entry.getId(), entry.getVersion(), new EntryDraft(project, null, "Align change " + i,
                    EntryStatus.TODO, null, null, null));
            Thread.sleep(pace);
        }
        Thread.sleep(3000);
        long pushCalls = sandbox.requestTotal(key.keyId()) - callsBefore;
        String pushCallMix = callMix();
        Map<Long, Task> byEntry = tasksByEntry();
        long alignAgrees = pool.stream().filter(e -> byEntry.get(e.getId()) != null
                && byEntry.get(e.getId()).name().equals(entries.get(e.getId()).getTitle())).count();

        long webhookCallsBefore = sandbox.requestTotal(key.keyId());
        List<Instant> toAlign = new ArrayList<>();
        List<Task> tasks = new ArrayList<>(byEntry.values());
        for (int i = 0; i < changes; i++) {
            Task task = tasks.get(i % tasks.size());
            toAlign.add(Instant.now());
            sandbox.patch("/admin/tasks/" + task.id(), "{\"name\": \"Illumera change " + i + "\"}");
            Thread.sleep(pace);
        }
        Thread.sleep(3000);
        long webhookCalls = sandbox.requestTotal(key.keyId()) - webhookCallsBefore;
        String webhookCallMix = callMix();
        Map<Long, Task> after = tasksByEntry();
        long illumeraAgrees = pool.stream().filter(e -> after.get(e.getId()) != null
                && after.get(e.getId()).name().equals(entries.get(e.getId()).getTitle())).count();

        List<Instant[]> runs = jdbc.sql("SELECT started_at, ended_at FROM illumera_sync_run WHERE organisation_id = ?"
                        + " AND ended_at IS NOT NULL ORDER BY started_at")
                .param(tenant.id()).query((rs, n) -> new Instant[] {rs.getTimestamp(1).toInstant(),
                        rs.getTimestamp(2).toInstant()}).list();
        System.out.println();
        System.out.printf("Propagation benchmark: %d changes each way, %d ms apart, sandbox rate limit on, %d runs%n",
                changes, pace, runs.size());
        System.out.println("  Align → Illumera (push)     " + figures(toIllumera, runs)
                + "   both sides agree afterwards: " + alignAgrees + "/" + pool.size());
        System.out.println("  Illumera → Align (webhook)  " + figures(toAlign, runs)
                + "   both sides agree afterwards: " + illumeraAgrees + "/" + pool.size());
        System.out.println("  Illumera API calls: push phase " + pushCalls + " (" + pushCallMix + "), webhook phase "
                + webhookCalls + " (" + webhookCallMix + ")");
        System.out.println();
        assertThat(alignAgrees).isEqualTo(pool.size());
        assertThat(illumeraAgrees).isEqualTo(pool.size());
    }

    /** The sandbox's last 1,000 calls of the key by method and path (ids folded), most frequent first, and 429s. */
    private String callMix() {
        var log = sandbox.requestLog(key.keyId());
        Map<String, Long> byPath = log.stream().collect(Collectors.groupingBy(r -> r.method() + " "
                + r.path().replaceAll("/(tsk|ws|spr|wh)_[^/]+", "/{id}"), Collectors.counting()));
        return "last " + log.size() + ": " + byPath.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(6).map(e -> e.getKey() + " ×" + e.getValue()).collect(Collectors.joining(", "))
                + "; 429: " + log.stream().filter(r -> r.status() == 429).count();
    }

    private Map<Long, Task> tasksByEntry() {
        return illumera.tasks(workspace, null).filter(t -> !t.deleted() && t.externalRef() != null)
                .collect(Collectors.toMap(t -> Long.parseLong(t.externalRef().substring("align:entry:".length())),
                        Function.identity(), (a, b) -> a));
    }

    /** p50 / p99 / max of each change's latency: the end of the first run started after it, minus its time. */
    private static String figures(List<Instant> madeAt, List<Instant[]> runs) {
        List<Long> millis = new ArrayList<>();
        int missed = 0;
        for (Instant at : madeAt) {
            var carrier = runs.stream().filter(r -> !r[0].isBefore(at)).findFirst();
            if (carrier.isEmpty()) {
                missed++;
            } else {
                millis.add(Duration.between(at, carrier.get()[1]).toMillis());
            }
        }
        millis.sort(Long::compare);
        if (millis.isEmpty()) {
            return "no run carried any change";
        }
        return String.format("p50 %5d ms   p99 %5d ms   max %5d ms%s", millis.get(millis.size() / 2),
                millis.get(Math.max(0, (int) Math.ceil(millis.size() * 0.99) - 1)), millis.getLast(),
                missed == 0 ? "" : "   (" + missed + " after the last run)");
    }
}
