package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.client.IllumeraClients;
import dev.align.support.AlignIntegration;
import dev.align.support.NodeProcesses;
import dev.align.support.SandboxAdmin;
import dev.align.support.TestData;
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
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test: how much of each organisation's Illumera rate limit the sync uses when several organisations
 * sync at once, printed. Illumera limits each key (600 requests a minute, bursts of 100; the sandbox does
 * the same). {@code bench.organisations} organisations (default 8) with {@code bench.entries} entries each
 * (default 500) have their initial syncs run together by a sync node of its own (interval 1 minute); then,
 * for {@code bench.window-s} seconds (default 120), a person in every organisation changes an entry every
 * {@code bench.pace-ms} (default 500), each pushed at once by this process (as a web node does), while the
 * sync node's scheduled runs go on. Per organisation: API calls, the busiest minute as a share of the limit,
 * 429 answers, runs; and whether every change arrived. Run on purpose:
 * {@code ./mvnw -Pbench test -Dtest=RateLimitBenchmark}.
 */
@AlignIntegration
class RateLimitBenchmark {

    private static final int LIMIT_PER_MINUTE = 600;

    @Autowired BenchOrganisations organisations;
    @Autowired SandboxAdmin sandbox;
    @Autowired JdbcClient jdbc;
    @Autowired Environment environment;
    @Autowired DataSource dataSource;
    @Autowired EntryService entries;
    @Autowired TestData data;
    @Autowired SyncPush push;
    @Autowired IllumeraClients clients;

    @AfterEach
    void pushOff() {
        push.enabled(false);
    }

    @Test
    void rate_limit_use_of_several_organisations() throws Exception {
        int count = Integer.getInteger("bench.organisations", 8);
        int entryCount = Integer.getInteger("bench.entries", 500);
        Duration window = Duration.ofSeconds(Long.getLong("bench.window-s", 120));
        long pace = Long.getLong("bench.pace-ms", 500);
        List<BenchOrganisations.Org> orgs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            orgs.add(organisations.connected("Rate " + i, entryCount));
        }
        List<Long> ids = orgs.stream().map(org -> org.tenant().id()).toList();

        try (var nodes = new NodeProcesses(environment, dataSource)) {
            Instant initialFrom = Instant.now();
            nodes.start("rate-1", "--illumera.sync.interval=PT1M", "--illumera.sync.tick=PT1S");
            awaitInitialSyncs(ids, Duration.ofMinutes(10));
            Instant initialTo = Instant.now();
            List<String> initial = orgs.stream().map(org -> use(org, initialFrom, initialTo)).toList();

            push.enabled(true);
            Map<Long, List<Long>> pools = orgs.stream().collect(Collectors.toMap(org -> org.tenant().id(),
                    org -> jdbc.sql("SELECT id FROM entry WHERE organisation_id = ? ORDER BY id LIMIT 20")
                            .param(org.tenant().id()).query(Long.class).list()));
            Map<Long, Long> callsBefore = orgs.stream().collect(Collectors.toMap(org -> org.tenant().id(),
                    org -> sandbox.requestTotal(org.key().keyId())));
            Instant from = Instant.now();
            int changes = 0;
            for (int tick = 0; Instant.now().isBefore(from.plus(window)); tick++) {
                for (var org : orgs) {
                    List<Long> pool = pools.get(org.tenant().id());
                    data.login(org.tenant().admin());
                    try {
                        Entry entry = entries.get(pool.get(tick % pool.size()));
                        entries.update(entry.getId(), entry.getVersion(), new EntryDraft(org.project(), null,
                                "Rate change " + tick, EntryStatus.TODO, null, null, null));
                        changes++;
                    } finally {
                        data.logout();
                    }
                }
                Thread.sleep(pace);
            }
            Instant to = Instant.now();
            Thread.sleep(5000); // the last pushes land
            List<String> steady = orgs.stream().map(org -> use(org, from, to)
                    + String.format(", %.0f calls/min overall", (sandbox.requestTotal(org.key().keyId())
                    - callsBefore.get(org.tenant().id())) * 60_000.0 / Duration.between(from, to).toMillis())).toList();
            long agreeing = orgs.stream().filter(org -> arrived(org, pools.get(org.tenant().id()))).count();

            System.out.println();
            System.out.printf("Rate-limit use: %d organisations, one key each (limit %d requests/min, bursts of 100),"
                    + " one sync node (interval 1 min) and pushes from this process%n", count, LIMIT_PER_MINUTE);
            System.out.printf("  Initial syncs of %d entries each, all at once (%d s until the last was done):%n",
                    entryCount, Duration.between(initialFrom, initialTo).toSeconds());
            initial.forEach(line -> System.out.println("    " + line));
            System.out.printf("  Steady: a change every %d ms in every organisation for %d s (%d changes), pushed at once:%n",
                    pace, window.toSeconds(), changes);
            steady.forEach(line -> System.out.println("    " + line));
            System.out.printf("  Every change arrived in Illumera: %d of %d organisations%n", agreeing, count);
            System.out.println();
            assertThat(agreeing).isEqualTo(count);
        }
    }

    /** One organisation's calls between two instants (the sandbox's log of its key), the busiest minute, 429s, runs. */
    private String use(BenchOrganisations.Org org, Instant from, Instant to) {
        List<Instant> calls = new ArrayList<>();
        long tooMany = 0;
        for (var request : sandbox.requestLog(org.key().keyId())) {
            if (!request.at().isBefore(from) && request.at().isBefore(to)) {
                calls.add(request.at());
                tooMany += request.status() == 429 ? 1 : 0;
            }
        }
        calls.sort(null);
        int busiest = 0;
        for (int first = 0, last = 0; last < calls.size(); last++) {
            while (calls.get(last).isAfter(calls.get(first).plusSeconds(60))) {
                first++;
            }
            busiest = Math.max(busiest, last - first + 1);
        }
        Map<String, Long> runs = jdbc.sql("""
                        SELECT run_trigger, COUNT(*) FROM illumera_sync_run WHERE organisation_id = ?
                        AND started_at >= ? AND started_at < ? GROUP BY run_trigger""")
                .params(org.tenant().id(), Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return String.format("%-14s %5d calls, busiest minute %4d (%.2f of the limit), 429: %d, runs %s",
                org.workspace(), calls.size(), busiest, busiest / (double) LIMIT_PER_MINUTE, tooMany, runs);
    }

    private void awaitInitialSyncs(List<Long> ids, Duration within) throws InterruptedException {
        Instant until = Instant.now().plus(within);
        while (jdbc.sql("SELECT COUNT(DISTINCT organisation_id) FROM illumera_sync_run WHERE organisation_id IN (:ids)"
                + " AND outcome = 'SUCCEEDED'").param("ids", ids).query(Long.class).single() < ids.size()) {
            assertThat(Instant.now()).as("every initial sync done within " + within).isBefore(until);
            Thread.sleep(500);
        }
    }

    /** Whether every changed entry's title is its task's name in Illumera now. */
    private boolean arrived(BenchOrganisations.Org org, List<Long> pool) {
        var tasks = clients.forOrganisation(org.tenant().id(), org.key().key()).tasks(org.workspace(), null)
                .filter(task -> !task.deleted() && task.externalRef() != null)
                .collect(Collectors.toMap(task -> Long.parseLong(task.externalRef().substring("align:entry:".length())),
                        Function.identity(), (a, b) -> a));
        Map<Long, String> titles = jdbc.sql("SELECT id, title FROM entry WHERE id IN (:ids)").param("ids", pool)
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        return pool.stream().allMatch(id -> tasks.get(id) != null && tasks.get(id).name().equals(titles.get(id)));
    }
}
