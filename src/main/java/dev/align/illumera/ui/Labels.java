package dev.align.illumera.ui;

import dev.align.illumera.sync.SyncRun;

import java.util.Locale;

/** The sync's codes in words, as the history, the run and the conflict screens show them. */
final class Labels {

    private Labels() {
    }

    static String trigger(SyncRun.Trigger trigger) {
        return switch (trigger) {
            case INITIAL -> "Initial";
            case SCHEDULED -> "Scheduled";
            case MANUAL -> "Manual";
            case WEBHOOK -> "Webhook";
        };
    }

    static String outcome(SyncRun.Outcome outcome) {
        return switch (outcome) {
            case RUNNING -> "Running";
            case SUCCEEDED -> "Succeeded";
            case PARTIAL -> "Partly failed";
            case FAILED -> "Failed";
            case PAUSED -> "Paused";
            case STOPPED -> "Stopped";
        };
    }

    static String recordType(String type) {
        return switch (type) {
            case "ENTRY" -> "Entries";
            case "PROJECT" -> "Projects";
            case "RELEASE" -> "Releases";
            default -> type;
        };
    }

    static String action(String action) {
        return action.toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    static String direction(String direction) {
        return switch (direction) {
            case "TO_ILLUMERA" -> "Align → Illumera";
            case "TO_ALIGN" -> "Illumera → Align";
            default -> "—";
        };
    }
}
