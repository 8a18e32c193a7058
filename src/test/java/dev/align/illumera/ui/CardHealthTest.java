package dev.align.illumera.ui;

import dev.align.illumera.AddOnCard;
import dev.align.illumera.CardState;
import dev.align.illumera.inbound.InboundWebhooks;
import dev.align.illumera.sync.SyncProgress;
import dev.align.illumera.sync.SyncRun;
import dev.align.illumera.sync.SyncStatus;
import dev.align.illumera.ui.CardHealth.Check;
import dev.align.illumera.ui.CardHealth.ImportRules;
import dev.align.illumera.ui.CardHealth.Level;
import dev.align.illumera.ui.CardHealth.Shown;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The card's state and checks from the connection and the sync's health; no Spring, no database. */
class CardHealthTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    static AddOnCard card(CardState state, Instant keyExpiresAt, boolean configured) {
        return new AddOnCard(state, "Connected to Acme", "Workspace ws_A, API key ilm_test_…0001.", "ws_A", "Acme",
                "ilm_test_…0001", keyExpiresAt, configured, false);
    }

    static SyncStatus status(SyncProgress progress, boolean initialDone, SyncRun last, String paused, int duplicates,
                             boolean late) {
        return new SyncStatus(progress, initialDone, last, NOW.plusSeconds(120), paused, duplicates, late,
                FIVE_MINUTES, null);
    }

    static final SyncProgress IDLE = new SyncProgress(false, 0, 0, null, null);

    static SyncRun run(SyncRun.Outcome outcome, String message, Map<String, Map<String, Integer>> counts) {
        return new SyncRun(7, SyncRun.Trigger.SCHEDULED, "node-a", NOW.minusSeconds(200), NOW.minusSeconds(180),
                outcome, message, counts);
    }

    @Test
    void the_most_urgent_state_wins() {
        var expiring = card(CardState.KEY_EXPIRING, NOW.plus(Duration.ofDays(3)), true);
        var running = new SyncProgress(true, 40, 100, NOW.minusSeconds(40), Duration.ofSeconds(60));

        assertThat(CardHealth.headline(expiring, status(running, false, null, "Loop guard: 900 changes", 0, false), NOW)
                .state()).isEqualTo(Shown.PAUSED);
        assertThat(CardHealth.headline(expiring, status(running, false, null, null, 0, false), NOW).state())
                .isEqualTo(Shown.INITIAL_SYNC);
        assertThat(CardHealth.headline(expiring, status(IDLE, true, run(SyncRun.Outcome.FAILED, "Stopped: timeout.",
                Map.of()), null, 0, false), NOW).state()).isEqualTo(Shown.ERROR);
        assertThat(CardHealth.headline(expiring, status(IDLE, true, null, null, 0, false), NOW).state())
                .isEqualTo(Shown.KEY_EXPIRING);
        assertThat(CardHealth.headline(card(CardState.KEY_EXPIRED, NOW.minusSeconds(5), true),
                status(running, false, null, "paused", 0, false), NOW).state()).isEqualTo(Shown.KEY_EXPIRED);
        assertThat(CardHealth.headline(card(CardState.CONNECTED, null, true),
                status(running, true, null, null, 0, false), NOW).state())
                .as("a regular run keeps the card Connected; its progress still shows").isEqualTo(Shown.CONNECTED);
    }

    @Test
    void the_initial_sync_shows_n_of_m_and_the_time_left() {
        var running = new SyncProgress(true, 1200, 3400, NOW.minusSeconds(60), Duration.ofSeconds(110));

        var headline = CardHealth.headline(card(CardState.CONNECTED, null, true), status(running, false, null, null, 0,
                false), NOW);

        assertThat(headline.headline()).isEqualTo("Initial sync running");
        assertThat(headline.detail()).isEqualTo("1,200 of 3,400 entries, about 1 min left.");
    }

    @Test
    void an_error_says_the_reason_and_what_to_do() {
        var headline = CardHealth.headline(card(CardState.CONNECTED, null, true), status(IDLE, true,
                run(SyncRun.Outcome.FAILED, "Stopped: Illumera did not answer in time.", Map.of()), null, 0, false), NOW);

        assertThat(headline.headline()).isEqualTo("Error");
        assertThat(headline.detail()).startsWith("Stopped: Illumera did not answer in time.").contains("Sync now");
    }

    @Test
    void a_connection_without_settings_says_what_to_do_next_and_when_the_next_sync_runs() {
        var card = card(CardState.CONNECTED, null, false);
        var status = status(IDLE, false, null, null, 0, false);

        assertThat(CardHealth.headline(card, status, NOW).detail()).contains("Save").contains("initial sync");
        assertThat(CardHealth.nextSync(status, card, NOW)).isEqualTo("Next sync: after the settings are saved");
        assertThat(CardHealth.lastSync(status, NOW)).isEqualTo("Last sync: none yet");
    }

    @Test
    void last_and_next_sync_read_like_a_person_would_say_them() {
        var card = card(CardState.CONNECTED, null, true);
        var status = status(IDLE, true, run(SyncRun.Outcome.SUCCEEDED, null, Map.of(
                "ENTRY", Map.of("CREATED", 2, "UPDATED", 3, "UNCHANGED", 40), "PROJECT", Map.of("LINKED", 1))),
                null, 0, false);

        assertThat(CardHealth.lastSync(status, NOW)).isEqualTo("Last sync: 3 min ago · succeeded (2 created, 1 linked,"
                + " 3 updated)");
        assertThat(CardHealth.nextSync(status, card, NOW)).isEqualTo("Next sync: in 2 min (every 5 min)");
    }

    @Test
    void the_checks_follow_the_help_pages_troubleshooting_items_with_their_fix() {
        var expiring = card(CardState.KEY_EXPIRING, NOW.plus(Duration.ofDays(9)), true);
        List<Check> checks = CardHealth.checks(expiring, status(IDLE, true, null, null, 3, true), true,
                ImportRules.answered(Optional.of("Workspace Acme has an import rule that copies Align records.")), NOW);

        assertThat(checks).extracting(Check::id).containsExactly("key", "scheduler", "import-rules", "duplicates");
        assertThat(checks).extracting(Check::level).containsExactly(Level.WARNING, Level.PROBLEM, Level.PROBLEM,
                Level.WARNING);
        assertThat(checks.get(0).finding()).contains("2026-12-08").contains("ilm_test_…0001");
        assertThat(checks.get(1).finding()).contains("has not reached this organisation");
        assertThat(checks.get(3).finding()).startsWith("3 tasks in Illumera are copies");
        assertThat(checks).allSatisfy(check -> assertThat(check.fix()).isNotBlank());
    }

    @Test
    void healthy_checks_need_no_fix_and_one_way_sync_cannot_loop() {
        var card = card(CardState.CONNECTED, NOW.plus(Duration.ofDays(80)), true);
        List<Check> checks = CardHealth.checks(card, status(IDLE, true, run(SyncRun.Outcome.SUCCEEDED, null, Map.of()),
                null, 0, false), false, ImportRules.unanswered("never asked"), NOW);

        assertThat(checks).extracting(Check::level).containsOnly(Level.OK);
        assertThat(checks).extracting(Check::fix).containsOnlyNulls();
        assertThat(checks.get(0).finding()).contains("valid until 2027-02-17");
        assertThat(checks.get(2).finding()).startsWith("One-way sync");
    }

    @Test
    void an_expired_key_and_an_unanswered_import_rule_question_are_said_as_such() {
        var expired = card(CardState.KEY_EXPIRED, NOW.minus(Duration.ofDays(1)), true);
        List<Check> checks = CardHealth.checks(expired, status(IDLE, true, null, null, 0, false), true,
                ImportRules.unanswered("Illumera cannot be reached"), NOW);

        assertThat(checks.get(0).level()).isEqualTo(Level.PROBLEM);
        assertThat(checks.get(0).finding()).contains("expired on 2026-11-28");
        assertThat(checks.get(1).level()).isEqualTo(Level.PROBLEM);
        assertThat(checks.get(2).level()).isEqualTo(Level.UNKNOWN);
        assertThat(CardHealth.nextSync(status(IDLE, true, null, null, 0, false), expired, NOW))
                .isEqualTo("Next sync: after a new key is entered");
        var neverSaved = card(CardState.KEY_EXPIRED, NOW.minus(Duration.ofDays(1)), false);
        assertThat(CardHealth.checks(neverSaved, status(IDLE, false, null, null, 0, false), true,
                ImportRules.unanswered("no key"), NOW).get(1).fix()).as("the key first: the panel needs it")
                .isEqualTo("Enter a new key.");
    }

    @Test
    void the_drift_line_says_when_the_last_check_ran_and_what_it_repaired() {
        SyncStatus none = status(IDLE, true, null, null, 0, false);
        assertThat(CardHealth.driftCheck(none, NOW)).isEqualTo("Drift check: nightly, none yet");

        SyncRun repaired = run(SyncRun.Outcome.SUCCEEDED, null, Map.of("DRIFT", Map.of("REPAIRED", 3)));
        SyncRun clean = run(SyncRun.Outcome.SUCCEEDED, null, Map.of("DRIFT", Map.of("REPAIRED", 0)));
        SyncRun failed = run(SyncRun.Outcome.FAILED, "Stopped", Map.of());
        assertThat(CardHealth.driftCheck(withDrift(repaired), NOW)).isEqualTo("Drift check: 3 min ago · 3 records repaired");
        assertThat(CardHealth.driftCheck(withDrift(clean), NOW)).endsWith("· nothing had drifted");
        assertThat(CardHealth.driftCheck(withDrift(failed), NOW)).endsWith("(see the history)");
    }

    static SyncStatus withDrift(SyncRun drift) {
        return new SyncStatus(IDLE, true, drift, NOW.plusSeconds(120), null, 0, false, FIVE_MINUTES, drift);
    }

    @Test
    void the_freshness_line_gives_the_last_change_mirrored_and_the_95th_percentile_of_the_hours_lags() {
        assertThat(CardHealth.freshness(status(IDLE, true, null, null, 0, false), NOW)).isNull();

        List<Duration> lags = new java.util.ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            lags.add(Duration.ofMillis(100L * i)); // 0.1 s … 2.0 s: the 19th of 20 is the 95th percentile
        }
        var fresh = SyncStatus.Freshness.of(NOW.minusSeconds(40), lags);
        SyncStatus status = new SyncStatus(IDLE, true, null, NOW.plusSeconds(120), null, 0, false, FIVE_MINUTES, null,
                fresh);

        assertThat(fresh.p95Lag()).isEqualTo(Duration.ofMillis(1900));
        assertThat(CardHealth.freshness(status, NOW))
                .isEqualTo("Last change mirrored just now · 95 % within 1.9 s over the last hour (20 runs)");
        var older = new SyncStatus(IDLE, true, null, NOW.plusSeconds(120), null, 0, false, FIVE_MINUTES, null,
                SyncStatus.Freshness.of(NOW.minus(Duration.ofHours(3)), List.of()));
        assertThat(CardHealth.freshness(older, NOW)).isEqualTo("Last change mirrored 3 h 0 min ago");
    }

    @Test
    void the_webhook_check_names_what_is_wrong_and_the_fix() {
        var none = new InboundWebhooks.Status("https://align.example/webhooks/illumera/t", 0, 2, null, null, 0, null,
                null, null, false, null);
        var partly = new InboundWebhooks.Status("u", 1, 2, NOW.minusSeconds(600), null, 0, null, null, null, false, null);
        var gone = new InboundWebhooks.Status("u", 2, 2, NOW.minusSeconds(600), null, 0, null, null,
                "Illumera lists it in 1 of the 2 synced workspaces", false, null);
        var refused = new InboundWebhooks.Status("u", 2, 2, NOW.minusSeconds(600), NOW.minusSeconds(60), 2,
                NOW.minusSeconds(120), "No valid v1 signature for this body", null, false, null);
        var quiet = new InboundWebhooks.Status("u", 1, 1, NOW.minus(Duration.ofDays(3)), NOW.minus(Duration.ofDays(2)),
                0, null, null, null, false, null);
        var fine = new InboundWebhooks.Status("u", 1, 1, NOW.minusSeconds(600), NOW.minusSeconds(40), 0, null, null,
                "Registered in the synced workspace", true, null);
        var noAddress = new InboundWebhooks.Status(null, 0, 1, null, null, 0, null, null, null, false,
                "Align's public address is not configured");

        assertThat(CardHealth.webhooks(partly, NOW).finding()).startsWith("registered in 1 of the 2 synced workspaces");
        assertThat(CardHealth.webhooks(partly, NOW).fix()).contains("Register again");
        assertThat(CardHealth.webhooks(none, NOW).level()).isEqualTo(CardHealth.Level.PROBLEM);
        assertThat(CardHealth.webhooks(none, NOW).fix()).contains("Register in Illumera");
        assertThat(CardHealth.webhooks(gone, NOW).finding()).contains("1 of the 2");
        assertThat(CardHealth.webhooks(refused, NOW).level()).isEqualTo(CardHealth.Level.WARNING);
        assertThat(CardHealth.webhooks(refused, NOW).finding()).contains("2 deliveries refused").contains("signature");
        assertThat(CardHealth.webhooks(quiet, NOW).finding()).contains("last event 2 days ago");
        assertThat(CardHealth.webhooks(fine, NOW)).satisfies(c -> {
            assertThat(c.level()).isEqualTo(CardHealth.Level.OK);
            assertThat(c.finding()).isEqualTo("registered; last event just now.");
        });
        assertThat(CardHealth.webhooks(noAddress, NOW).fix()).contains("ALIGN_PUBLIC_BASE_URL");
    }
}
