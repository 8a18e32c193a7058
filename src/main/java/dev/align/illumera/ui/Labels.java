package dev.align.illumera.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import dev.align.illumera.history.SyncHistory;
import dev.align.illumera.sync.SyncRun;
import dev.align.security.CurrentUser;

import java.util.Locale;

/** The sync's codes in words, as the history, the run and the conflict screens show them. */
final class Labels {

    private Labels() {
    }

    /** Links between the add-on's screens; the card's own page only for the organisation's Owners and Admins. */
    static HorizontalLayout links(Anchor... others) {
        var links = new HorizontalLayout();
        if (CurrentUser.require().administers()) {
            links.add(new Anchor("settings/add-ons", "Add-ons"));
        }
        links.add(others);
        return links;
    }

    static String trigger(SyncRun.Trigger trigger) {
        return switch (trigger) {
            case INITIAL -> "Initial";
            case SCHEDULED -> "Scheduled";
            case MANUAL -> "Manual";
            case WEBHOOK -> "Webhook";
            case DRIFT -> "Drift check";
            case PUSH -> "Change in Align";
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

    /** A record's fields as lines "Field: before → after". */
    static Div changes(SyncHistory.RunRecord record) {
        var list = new Div();
        record.changes().forEach(change -> list.add(new Div(new Span(change.label() + ": " + change.before() + " → "
                + change.after() + (change.decidedBy() == null ? "" : " (decided by " + change.decidedBy() + ")")))));
        return list;
    }

    static String direction(String direction) {
        return switch (direction) {
            case "TO_ILLUMERA" -> "Align → Illumera";
            case "TO_ALIGN" -> "Illumera → Align";
            default -> "—";
        };
    }
}
