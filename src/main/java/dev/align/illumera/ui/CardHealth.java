package dev.align.illumera.ui;

import dev.align.illumera.AddOnCard;
import dev.align.illumera.CardState;
import dev.align.illumera.sync.SyncRun;
import dev.align.illumera.sync.SyncStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the Illumera card shows, derived from the connection and the sync's health: one state at a
 * glance (the most urgent first), the last and next sync, and the help page's troubleshooting items
 * as live checks with their fix. Pure: no Vaadin, no services, so every state is easy to check.
 */
final class CardHealth {

    /** The card's states, most urgent first where several hold at once. */
    enum Shown {
        NOT_INCLUDED, NOT_CONNECTED, KEY_EXPIRED, PAUSED, INITIAL_SYNC, ERROR, KEY_EXPIRING, CONNECTED
    }

    record Headline(Shown state, String headline, String detail) {
    }

    enum Level { OK, WARNING, PROBLEM, UNKNOWN }

    /** One troubleshooting check: its state, what was found and, when it is not OK, the fix. */
    record Check(String id, String title, Level level, String finding, String fix) {
    }

    /** The import-rule question as Illumera answered it: a warning, none, or why it could not be asked. */
    record ImportRules(Optional<String> warning, String unanswered) {
        static ImportRules answered(Optional<String> warning) {
            return new ImportRules(warning, null);
        }

        static ImportRules unanswered(String why) {
            return new ImportRules(Optional.empty(), why);
        }
    }

    private CardHealth() {
    }

    static Headline headline(AddOnCard card, SyncStatus sync, Instant now) {
        return switch (card.state()) {
            case NOT_INCLUDED -> new Headline(Shown.NOT_INCLUDED, card.headline(), card.detail());
            case NOT_CONNECTED -> new Headline(Shown.NOT_CONNECTED, card.headline(), card.detail());
            case KEY_EXPIRED -> new Headline(Shown.KEY_EXPIRED, card.headline(), card.detail());
            default -> connected(card, sync, now);
        };
    }

    private static Headline connected(AddOnCard card, SyncStatus sync, Instant now) {
        if (sync.pausedReason() != null) {
            return new Headline(Shown.PAUSED, "Paused", sync.pausedReason()
                    + " Check the reason, then choose Resume; nothing syncs until then.");
        }
        if (sync.progress().running() && !sync.initialDone()) {
            return new Headline(Shown.INITIAL_SYNC, "Initial sync running", progress(sync));
        }
        SyncRun last = sync.lastRun();
        if (last != null && last.outcome() == SyncRun.Outcome.FAILED && !sync.progress().running()) {
            return new Headline(Shown.ERROR, "Error", last.message() + " The next sync tries again by itself"
                    + " (Sync now starts it at once); if it keeps failing, see the checks below.");
        }
        if (card.state() == CardState.KEY_EXPIRING) {
            return new Headline(Shown.KEY_EXPIRING, card.headline(), card.detail());
        }
        String detail = card.configured() ? card.detail()
                : "Choose the sync direction and the field mapping below, preview them, and Save: the initial sync"
                + " starts at once.";
        return new Headline(Shown.CONNECTED, card.headline(), detail);
    }

    /** "n of m entries, about 3 min left" while a run is in flight. */
    static String progress(SyncStatus sync) {
        var progress = sync.progress();
        if (!progress.running()) {
            return "";
        }
        if (progress.total() == 0) {
            return "Reading both sides…";
        }
        String left = progress.timeLeft() == null ? "" : ", about " + duration(progress.timeLeft()) + " left";
        return String.format("%,d of %,d entries%s.", progress.done(), progress.total(), left);
    }

    static String lastSync(SyncStatus sync, Instant now) {
        SyncRun last = sync.lastRun();
        if (last == null) {
            return "Last sync: none yet";
        }
        Instant ended = last.endedAt() == null ? last.startedAt() : last.endedAt();
        return "Last sync: " + ago(ended, now) + " · " + outcome(last) + counts(last.counts());
    }

    /** The nightly drift check: when it last ran and what it repaired. */
    static String driftCheck(SyncStatus sync, Instant now) {
        SyncRun drift = sync.lastDriftCheck();
        if (drift == null) {
            return "Drift check: nightly, none yet";
        }
        Instant ended = drift.endedAt() == null ? drift.startedAt() : drift.endedAt();
        int repaired = drift.count("DRIFT", "REPAIRED");
        return "Drift check: " + ago(ended, now) + " · " + (drift.outcome() != SyncRun.Outcome.SUCCEEDED
                && drift.outcome() != SyncRun.Outcome.PARTIAL ? outcome(drift) + " (see the history)"
                : repaired == 0 ? "nothing had drifted" : repaired + (repaired == 1 ? " record" : " records") + " repaired");
    }

    static String nextSync(SyncStatus sync, AddOnCard card, Instant now) {
        if (card.state() == CardState.KEY_EXPIRED) {
            return "Next sync: after a new key is entered";
        }
        if (!card.configured()) {
            return "Next sync: after the settings are saved";
        }
        if (sync.pausedReason() != null) {
            return "Next sync: paused";
        }
        if (sync.progress().running()) {
            return "Next sync: running now";
        }
        if (sync.nextRunAt() == null) {
            return "Next sync: —";
        }
        Duration wait = Duration.between(now, sync.nextRunAt());
        return "Next sync: " + (wait.toSeconds() < 30 ? "due now" : "in " + duration(wait))
                + " (every " + duration(sync.interval()) + ")";
    }

    /** The help page's troubleshooting section as live checks, in its order. */
    static List<Check> checks(AddOnCard card, SyncStatus sync, boolean bidirectional, ImportRules rules, Instant now) {
        List<Check> checks = new ArrayList<>();
        checks.add(key(card, now));
        checks.add(scheduler(card, sync, now));
        checks.add(importRules(bidirectional, rules));
        checks.add(sync.duplicates() == 0
                ? new Check("duplicates", "Duplicate entries", Level.OK, "No duplicates found.", null)
                : new Check("duplicates", "Duplicate entries", Level.WARNING, sync.duplicates()
                + (sync.duplicates() == 1 ? " task in Illumera is a copy" : " tasks in Illumera are copies")
                + " of entries already linked; they are recorded and never synced back.",
                "Switch off the workspace's import rule that copies Align records, then delete the copies in"
                        + " Illumera."));
        return checks;
    }

    private static Check key(AddOnCard card, Instant now) {
        String title = "API key";
        String fix = "Create a new key in Illumera (Settings → API keys) and choose Enter a new key here.";
        if (card.state() == CardState.KEY_EXPIRED) {
            boolean expired = card.keyExpiresAt() != null && !now.isBefore(card.keyExpiresAt());
            return new Check("key", title, Level.PROBLEM, expired
                    ? "The key " + card.keyMask() + " expired on " + day(card.keyExpiresAt()) + "; sync is paused."
                    : "Illumera refused the key " + card.keyMask() + "; sync is paused.", fix);
        }
        if (card.keyExpiresAt() == null) {
            return new Check("key", title, Level.OK, "The key " + card.keyMask() + " does not expire.", null);
        }
        if (card.state() == CardState.KEY_EXPIRING) {
            return new Check("key", title, Level.WARNING, "The key " + card.keyMask() + " expires on "
                    + day(card.keyExpiresAt()) + " (" + duration(Duration.between(now, card.keyExpiresAt()))
                    + " from now). Keys expire every 90 days by default.", fix);
        }
        return new Check("key", title, Level.OK, "The key " + card.keyMask() + " is valid until "
                + day(card.keyExpiresAt()) + ".", null);
    }

    private static Check scheduler(AddOnCard card, SyncStatus sync, Instant now) {
        String title = "Scheduled sync";
        if (card.state() == CardState.KEY_EXPIRED) {
            return new Check("scheduler", title, Level.PROBLEM, "Stopped until a valid key is entered.",
                    "Enter a new key.");
        }
        if (!card.configured()) {
            return new Check("scheduler", title, Level.WARNING, "Nothing syncs yet: the settings have not been saved.",
                    "Choose the mapping below and Save.");
        }
        if (sync.pausedReason() != null) {
            return new Check("scheduler", title, Level.PROBLEM, "Paused: " + sync.pausedReason(),
                    "Check the reason, then choose Resume.");
        }
        if (sync.schedulerLate()) {
            return new Check("scheduler", title, Level.PROBLEM, "The scheduler has not reached this organisation"
                    + (sync.lastRun() == null ? " since the settings were saved" : " since " + ago(
                    sync.lastRun().endedAt() == null ? sync.lastRun().startedAt() : sync.lastRun().endedAt(), now))
                    + "; it should every " + duration(sync.interval()) + ".",
                    "Sync now runs one at once. If runs stay away, ask your operator to check that the Align nodes run"
                            + " with scheduling on and reach the database.");
        }
        SyncRun last = sync.lastRun();
        if (last != null && (last.outcome() == SyncRun.Outcome.FAILED || last.outcome() == SyncRun.Outcome.PARTIAL)) {
            return new Check("scheduler", title, Level.WARNING,
                    "The last sync " + outcome(last) + ": " + last.message(),
                    "The next sync continues from where this one stopped; Sync now starts it at once.");
        }
        return new Check("scheduler", title, Level.OK, last == null ? "The first sync is due now."
                : "Runs every " + duration(sync.interval()) + "; the last one " + ago(
                last.endedAt() == null ? last.startedAt() : last.endedAt(), now) + " on " + last.node() + ".", null);
    }

    private static Check importRules(boolean bidirectional, ImportRules rules) {
        String title = "Import rules and two-way sync";
        if (!bidirectional) {
            return new Check("import-rules", title, Level.OK,
                    "One-way sync: import rules of the workspace cannot make loops.", null);
        }
        if (rules.unanswered() != null) {
            return new Check("import-rules", title, Level.UNKNOWN, "Could not ask Illumera: " + rules.unanswered(),
                    "Check again in a few minutes.");
        }
        return rules.warning()
                .map(warning -> new Check("import-rules", title, Level.PROBLEM, warning,
                        "Switch the import rule off in Illumera (Workspace settings → Import rules), or sync one way."))
                .orElseGet(() -> new Check("import-rules", title, Level.OK,
                        "No import rule of the workspace copies Align records.", null));
    }

    private static String outcome(SyncRun run) {
        return switch (run.outcome()) {
            case SUCCEEDED -> "succeeded";
            case PARTIAL -> "finished with records that could not be synced";
            case FAILED -> "failed";
            case PAUSED -> "paused";
            case STOPPED -> "stopped";
            case RUNNING -> "running";
        };
    }

    /** "(12 created, 3 updated)" over all record types; nothing when nothing happened. */
    private static String counts(Map<String, Map<String, Integer>> counts) {
        Map<String, Integer> total = new TreeMap<>();
        counts.values().forEach(byAction -> byAction.forEach((action, n) -> total.merge(action, n, Integer::sum)));
        total.remove("UNCHANGED");
        total.values().removeIf(n -> n == 0);
        if (total.isEmpty()) {
            return ", nothing to change";
        }
        List<String> parts = new ArrayList<>();
        total.forEach((action, n) -> parts.add(n + " " + action.toLowerCase().replace('_', ' ')));
        return " (" + String.join(", ", parts) + ")";
    }

    /** "Last change mirrored 40 s ago · 95 % within 1.2 s over the last hour (12 runs)", or null before any. */
    static String freshness(SyncStatus sync, Instant now) {
        var freshness = sync.freshness();
        if (freshness == null || freshness.lastMirroredAt() == null) {
            return null;
        }
        String line = "Last change mirrored " + ago(freshness.lastMirroredAt(), now);
        if (freshness.p95Lag() == null) {
            return line;
        }
        long millis = freshness.p95Lag().toMillis();
        String lag = millis < 60_000 ? String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0)
                : duration(freshness.p95Lag());
        return line + " · 95 % within " + lag + " over the last hour (" + freshness.runs() + " run"
                + (freshness.runs() == 1 ? "" : "s") + ")";
    }

    /**
     * "Webhook events not firing" (the help page): no webhook registered, Illumera no longer listing it,
     * deliveries rejected lately, or none received for a day.
     */
    static Check webhooks(dev.align.illumera.inbound.InboundWebhooks.Status webhooks, Instant now) {
        String title = "Webhook events not firing";
        if (webhooks.setupProblem() != null) {
            return new Check("webhooks", title, Level.PROBLEM, webhooks.setupProblem(),
                    "Ask the operator to set ALIGN_PUBLIC_BASE_URL to the address Illumera reaches Align at.");
        }
        if (!webhooks.anyRegistered()) {
            return new Check("webhooks", title, Level.PROBLEM, "no webhook is registered: changes in Illumera arrive"
                    + " with the next scheduled sync only.", "Choose \"Register in Illumera\" below (or add the URL"
                    + " under Integrations → Incoming Webhooks in each synced workspace's settings).");
        }
        if (webhooks.registered() < webhooks.workspaces()) {
            return new Check("webhooks", title, Level.PROBLEM, "registered in " + webhooks.registered() + " of the "
                    + webhooks.workspaces() + " synced workspaces (one was paired since): changes in the others arrive"
                    + " with the next scheduled sync only.", "Choose \"Register again\" below.");
        }
        if (webhooks.liveCheck() != null && !webhooks.registeredLive()) {
            return new Check("webhooks", title, Level.PROBLEM, webhooks.liveCheck() + ".",
                    "Choose \"Register again\" below.");
        }
        if (webhooks.lastRejectedAt() != null && webhooks.lastRejectedAt().isAfter(now.minus(Duration.ofDays(1)))) {
            return new Check("webhooks", title, Level.WARNING, webhooks.rejected() + " deliver"
                    + (webhooks.rejected() == 1 ? "y" : "ies") + " refused so far, the last " + ago(webhooks.lastRejectedAt(), now)
                    + ": " + webhooks.lastRejection() + ".", "If the secret was changed in Illumera, rotate it here"
                    + " so both sides share it; a clock more than 5 minutes off also fails the check.");
        }
        String last = webhooks.lastEventAt() == null ? "no event received yet"
                : "last event " + ago(webhooks.lastEventAt(), now);
        if (webhooks.lastEventAt() != null && webhooks.lastEventAt().isBefore(now.minus(Duration.ofDays(1)))) {
            return new Check("webhooks", title, Level.WARNING, "registered; " + last + ".", "If tasks changed in"
                    + " Illumera since, check the webhook under Integrations → Incoming Webhooks (Illumera disables"
                    + " one whose deliveries fail for 5 days), then register it again here.");
        }
        return new Check("webhooks", title, Level.OK, "registered; " + last + ".", null);
    }

    static String ago(Instant then, Instant now) {
        Duration since = Duration.between(then, now);
        return since.toSeconds() < 60 ? "just now" : duration(since) + " ago";
    }

    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + " min";
        }
        if (seconds < 2 * 86400) {
            return (seconds / 3600) + " h " + (seconds % 3600 / 60) + " min";
        }
        return (seconds / 86400) + " days";
    }

    private static String day(Instant instant) {
        return instant.toString().substring(0, 10);
    }
}
