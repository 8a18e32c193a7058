package dev.align.illumera.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.audit.AuditTrail;
import dev.align.base.NotFoundException;
import dev.align.base.ui.Formats;
import dev.align.base.ui.KeysetPages;
import dev.align.base.ui.Screens;
import dev.align.illumera.history.SyncHistory;
import dev.align.illumera.history.SyncHistory.EntrySync;
import dev.align.illumera.history.SyncHistory.RunRecord;
import dev.align.security.Access;
import jakarta.annotation.security.RolesAllowed;

/**
 * An entry's sync panel: its linked task, where it stands (in sync, waiting, pending, error, conflict,
 * held), when a change was last sent and received, and everything the sync did to it, newest first,
 * each with its run. People's own changes, with "restore this value", are in the entry's history.
 */
@Route("settings/add-ons/entries")
@PageTitle("Entry sync · Illumera · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.SUPPORT_STAFF})
class EntrySyncView extends VerticalLayout implements HasUrlParameter<Long> {

    final H2 title = new H2("Entry sync");
    final Paragraph state = new Paragraph();
    final Paragraph times = new Paragraph();
    final Grid<RunRecord> records = new Grid<>();

    private final SyncHistory history;
    private final AuditTrail audit;

    EntrySyncView(SyncHistory history, AuditTrail audit) {
        this.history = history;
        this.audit = audit;
        setSizeFull();
        state.setId("entry-sync-state");
        records.setId("entry-sync-records");
        records.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        records.addColumn(r -> Formats.dateTime(r.at())).setHeader("When").setAutoWidth(true);
        records.addColumn(r -> Labels.direction(r.direction())).setHeader("Direction").setAutoWidth(true);
        records.addColumn(r -> Labels.action(r.action())).setHeader("What").setAutoWidth(true);
        records.addComponentColumn(Labels::changes).setHeader("Fields before → after").setFlexGrow(3);
        records.addColumn(r -> r.message() == null ? "" : r.message()).setHeader("Note").setFlexGrow(2);
        records.addComponentColumn(r -> new Anchor(RunView.route(r.runId()), "Run")).setAutoWidth(true);
        records.setSizeFull();
        add(title, Labels.links(new Anchor(SyncHistoryView.ROUTE, "Sync history")), state, times,
                new H3("What the sync did"), records);
    }

    static String route(long entryId) {
        return "settings/add-ons/entries/" + entryId;
    }

    @Override
    public void setParameter(BeforeEvent event, Long entryId) {
        if (entryId == null || !Screens.admitted(event, () -> audit.screenOpened("Entry sync " + entryId))) {
            return;
        }
        EntrySync sync;
        try {
            sync = history.entrySync(entryId);
        } catch (NotFoundException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "No such entry");
            return;
        }
        title.setText("Entry #" + entryId + (sync.taskId() == null ? "" : " ↔ task " + sync.taskId()
                + (sync.taskName() == null ? "" : " (" + sync.taskName() + ")")));
        state.setText(label(sync.state()) + ": " + sync.detail());
        state.getElement().setAttribute("data-state", sync.state().name());
        times.setText("Last sent to Illumera: " + when(sync.lastSent()) + " · last received: "
                + when(sync.lastReceived()) + (sync.conflictPolicy() == null ? ""
                : " · when both sides change a field: " + sync.conflictPolicy()));
        var pages = new KeysetPages<RunRecord>((last, limit) -> history.entryHistory(entryId,
                last == null ? null : last.id(), limit));
        records.setItems(pages::fetch);
    }

    private static String when(java.time.Instant at) {
        return at == null ? "never" : Formats.dateTime(at);
    }

    static String label(EntrySync.State state) {
        return switch (state) {
            case NOT_LINKED -> "Not linked";
            case IN_SYNC -> "In sync";
            case WAITING -> "Waiting";
            case PENDING -> "Pending";
            case ERROR -> "Error";
            case CONFLICT -> "Conflict";
            case HELD -> "Held";
            case GONE -> "No longer synced";
        };
    }
}
