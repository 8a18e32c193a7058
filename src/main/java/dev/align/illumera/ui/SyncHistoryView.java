package dev.align.illumera.ui;

import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.audit.AuditTrail;
import dev.align.base.ui.Formats;
import dev.align.base.ui.Forms;
import dev.align.base.ui.Rows;
import dev.align.base.ui.KeysetPages;
import dev.align.base.ui.Screens;
import dev.align.illumera.history.SyncHistory;
import dev.align.illumera.history.SyncHistory.RunFilter;
import dev.align.illumera.sync.SyncRun;
import dev.align.security.Access;
import jakarta.annotation.security.RolesAllowed;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sync history (PRODUCT §5): every run with its trigger, node, start, duration, outcome and counts
 * per record type, filtered by outcome, trigger and date; a run opens its drill-down. Read-only, for
 * Owners and Admins, and for support staff under a live grant.
 */
@Route(SyncHistoryView.ROUTE)
@PageTitle("Sync history · Illumera · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.SUPPORT_STAFF})
class SyncHistoryView extends VerticalLayout implements BeforeEnterObserver {

    static final String ROUTE = "settings/add-ons/history";

    final Select<SyncRun.Outcome> outcome = new Select<>();
    final Select<SyncRun.Trigger> trigger = new Select<>();
    final DatePicker from = Forms.datePicker("From (UTC)");
    final DatePicker to = Forms.datePicker("To (UTC)");
    final Grid<SyncRun> grid = new Grid<>();

    private final SyncHistory history;
    private final AuditTrail audit;
    private final KeysetPages<SyncRun> pages;

    SyncHistoryView(SyncHistory history, AuditTrail audit) {
        this.history = history;
        this.audit = audit;
        this.pages = new KeysetPages<>((last, limit) -> history.runs(filter(), last, limit));
        setSizeFull();
        outcome.setLabel("Outcome");
        outcome.setItems(SyncRun.Outcome.values());
        outcome.setEmptySelectionAllowed(true);
        outcome.setEmptySelectionCaption("Any outcome");
        outcome.setItemLabelGenerator(o -> o == null ? "Any outcome" : Labels.outcome(o));
        trigger.setLabel("Trigger");
        trigger.setItems(SyncRun.Trigger.values());
        trigger.setEmptySelectionAllowed(true);
        trigger.setEmptySelectionCaption("Any trigger");
        trigger.setItemLabelGenerator(t -> t == null ? "Any trigger" : Labels.trigger(t));
        from.setClearButtonVisible(true);
        to.setClearButtonVisible(true);
        outcome.addValueChangeListener(e -> refresh());
        trigger.addValueChangeListener(e -> refresh());
        from.addValueChangeListener(e -> refresh());
        to.addValueChangeListener(e -> refresh());

        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setId("runs");
        grid.addColumn(run -> Formats.dateTime(run.startedAt())).setHeader("Started").setAutoWidth(true);
        grid.addColumn(run -> Labels.trigger(run.trigger())).setHeader("Trigger").setAutoWidth(true);
        grid.addColumn(run -> Labels.outcome(run.outcome())).setHeader("Outcome").setAutoWidth(true);
        grid.addColumn(SyncHistoryView::duration).setHeader("Duration").setAutoWidth(true);
        grid.addColumn(SyncHistoryView::counts).setHeader("Records").setFlexGrow(3);
        grid.addColumn(SyncRun::node).setHeader("Node").setAutoWidth(true);
        grid.addComponentColumn(run -> {
            var open = new Anchor(RunView.route(run.id()), "Open");
            open.getElement().setAttribute("aria-label", "Open the run of " + Formats.dateTime(run.startedAt()));
            return open;
        }).setHeader("").setAutoWidth(true);
        Rows.onClick(grid, run -> getUI().ifPresent(ui -> ui.navigate(RunView.route(run.id()))));
        grid.setSizeFull();

        var filters = new HorizontalLayout(outcome, trigger, from, to);
        filters.setDefaultVerticalComponentAlignment(Alignment.BASELINE);
        add(new H2("Sync history"), Labels.links(new Anchor(ConflictsView.ROUTE, "Conflicts")),
                new Paragraph("Every run of the Illumera sync, newest first. Open a run to see each record it touched."),
                filters, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (Screens.admitted(event, () -> audit.screenOpened("Sync history"))) {
            grid.setItems(pages::fetch);
        }
    }

    private void refresh() {
        pages.reset();
        grid.getDataProvider().refreshAll();
    }

    private RunFilter filter() {
        return new RunFilter(outcome.getValue(), trigger.getValue(),
                from.getValue() == null ? null : from.getValue().atStartOfDay().toInstant(ZoneOffset.UTC),
                to.getValue() == null ? null : to.getValue().plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    static String duration(SyncRun run) {
        if (run.endedAt() == null) {
            return "running";
        }
        Duration took = Duration.between(run.startedAt(), run.endedAt());
        return took.toMinutes() > 0 ? took.toMinutes() + " min " + took.toSecondsPart() + " s"
                : took.toMillis() >= 1000 ? took.toSeconds() + " s" : took.toMillis() + " ms";
    }

    /** "Entries: 3 created, 1 updated · Projects: 1 linked", the counts that are not zero. */
    static String counts(SyncRun run) {
        var parts = new StringBuilder();
        for (var type : new TreeMap<>(run.counts()).entrySet()) {
            var actions = new StringBuilder();
            for (Map.Entry<String, Integer> action : new TreeMap<>(type.getValue()).entrySet()) {
                if (action.getValue() > 0) {
                    actions.append(actions.isEmpty() ? "" : ", ").append(action.getValue()).append(' ')
                            .append(Labels.action(action.getKey()));
                }
            }
            if (!actions.isEmpty()) {
                parts.append(parts.isEmpty() ? "" : " · ").append(Labels.recordType(type.getKey())).append(": ")
                        .append(actions);
            }
        }
        return parts.isEmpty() ? "nothing to do" : parts.toString();
    }
}
