package dev.align.illumera.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.audit.AuditTrail;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.base.ui.Formats;
import dev.align.base.ui.Forms;
import dev.align.base.ui.KeysetPages;
import dev.align.base.ui.Screens;
import dev.align.illumera.history.SyncHistory;
import dev.align.illumera.history.SyncHistory.ErrorGroup;
import dev.align.illumera.history.SyncHistory.RunRecord;
import dev.align.illumera.sync.IllumeraSync;
import dev.align.illumera.sync.SyncRun;
import dev.align.illumera.undo.RunUndo;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;

/**
 * One run of the sync: its summary, its errors grouped by reason with what to do (and "Retry failed
 * records" for Owners and Admins), and every record it touched with both ids, names, the direction
 * and each field before → after.
 */
@Route("settings/add-ons/runs")
@PageTitle("Sync run · Illumera · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.SUPPORT_STAFF})
class RunView extends VerticalLayout implements HasUrlParameter<Long> {

    static final List<String> ACTIONS = List.of("CREATED", "UPDATED", "MOVED", "LINKED", "CONFLICT", "DUPLICATE",
            "HELD", "DELETED", "ERROR");

    final H2 title = new H2("Sync run");
    final Paragraph summary = new Paragraph();
    final Div errors = new Div();
    final Button retry = new Button("Retry failed records");
    final Button undoRun = new Button("Undo this run…");
    final Select<String> action = new Select<>();
    final Grid<RunRecord> records = new Grid<>();

    private final SyncHistory history;
    private final IllumeraSync sync;
    private final AuditTrail audit;
    private final RunUndo undo;
    private long runId;
    private KeysetPages<RunRecord> pages;

    RunView(SyncHistory history, IllumeraSync sync, AuditTrail audit, RunUndo undo) {
        this.undo = undo;
        this.history = history;
        this.sync = sync;
        this.audit = audit;
        setSizeFull();
        summary.setId("run-summary");
        errors.setId("run-errors");
        retry.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        retry.addClickListener(e -> retryFailed());
        // Support staff read; only the organisation's Owners and Admins repair.
        boolean repairs = CurrentUser.require().administers();
        retry.setVisible(repairs);
        undoRun.setVisible(repairs);
        undoRun.setId("undo-run");
        undoRun.addClickListener(e -> new UndoDialog(undo, runId).open());
        action.setLabel("Records");
        action.setItems(ACTIONS);
        action.setEmptySelectionAllowed(true);
        action.setEmptySelectionCaption("All records");
        action.setItemLabelGenerator(a -> a == null ? "All records" : Labels.action(a));
        action.addValueChangeListener(e -> {
            pages.reset();
            records.getDataProvider().refreshAll();
        });
        records.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        records.setId("run-records");
        records.addColumn(r -> r.entryTitle() == null ? recordLabel(r) : r.entryTitle() + " (#" + r.alignId() + ")")
                .setHeader("Align").setFlexGrow(2);
        records.addColumn(r -> r.illumeraId() == null ? "—"
                : (r.taskName() == null ? "" : r.taskName() + " ") + "(" + r.illumeraId() + ")")
                .setHeader("Illumera").setFlexGrow(2);
        records.addColumn(r -> Labels.direction(r.direction())).setHeader("Direction").setAutoWidth(true);
        records.addColumn(r -> Labels.action(r.action())).setHeader("What").setAutoWidth(true);
        records.addComponentColumn(Labels::changes).setHeader("Fields before → after").setFlexGrow(3);
        records.addColumn(r -> r.message() == null ? "" : r.message()).setHeader("Note").setFlexGrow(2);
        records.setSizeFull();
        add(title, new Anchor(SyncHistoryView.ROUTE, "All runs"), summary, undoRun, errors, action, records);
    }

    static String route(long runId) {
        return "settings/add-ons/runs/" + runId;
    }

    @Override
    public void setParameter(BeforeEvent event, Long parameter) {
        if (parameter == null || !Screens.admitted(event,
                () -> audit.screenOpened("Sync run " + parameter))) {
            return;
        }
        runId = parameter;
        SyncRun run;
        try {
            run = history.run(runId);
        } catch (NotFoundException e) {
            event.rerouteToError(com.vaadin.flow.router.NotFoundException.class, "No such run");
            return;
        }
        title.setText("Sync run of " + Formats.dateTime(run.startedAt()));
        summary.setText(Labels.trigger(run.trigger()) + " run on " + run.node() + " · " + Labels.outcome(run.outcome())
                + " · " + SyncHistoryView.duration(run) + " · " + SyncHistoryView.counts(run)
                + (run.message() == null ? "" : " · " + run.message()));
        pages = new KeysetPages<>((last, limit) -> history.records(runId, action.getValue(),
                last == null ? 0 : last.id(), limit));
        records.setItems(pages::fetch);
        showErrors();
    }

    private void showErrors() {
        errors.removeAll();
        List<ErrorGroup> groups = history.errors(runId);
        if (groups.isEmpty()) {
            errors.add(new Paragraph("No errors in this run."));
            retry.setEnabled(false);
            return;
        }
        retry.setEnabled(true); // the view is kept when another run of the same route opens
        errors.add(new H3("Errors"));
        for (ErrorGroup group : groups) {
            var box = new Div();
            box.addClassName("error-group");
            box.add(new Paragraph(group.count() + " × " + group.reason()), new Paragraph("What to do: " + group.advice()));
            var touched = new StringBuilder();
            for (RunRecord record : group.records()) {
                touched.append(touched.isEmpty() ? "" : "; ").append(record.entryTitle() == null ? recordLabel(record)
                        : record.entryTitle());
            }
            if (group.count() > group.records().size()) {
                touched.append(" and ").append(group.count() - group.records().size()).append(" more");
            }
            box.add(new Paragraph("Records: " + touched));
            errors.add(box);
        }
        errors.add(retry);
    }

    private void retryFailed() {
        try {
            int marked = sync.retryFailed(runId);
            Forms.saved(marked == 0 ? "Nothing to retry: the failed records are tried again by the next run anyway."
                    : marked + " failed record" + (marked == 1 ? " is" : "s are") + " being synced again.");
        } catch (InvalidInputException e) {
            Forms.error(String.join(" ", e.fieldErrors().values()));
        }
    }

    private static String recordLabel(RunRecord record) {
        return Labels.recordType(record.recordType()) + (record.alignId() == null ? "" : " #" + record.alignId());
    }
}
