package dev.align.illumera.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.audit.AuditTrail;
import dev.align.base.NotFoundException;
import dev.align.base.ui.Formats;
import dev.align.base.ui.Forms;
import dev.align.base.ui.KeysetPages;
import dev.align.base.ui.Screens;
import dev.align.illumera.history.SyncHistory;
import dev.align.illumera.history.SyncHistory.ConflictRow;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.sync.IllumeraSync;
import dev.align.illumera.sync.IllumeraSync.Choice;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conflict inspector (PRODUCT §6): fields changed on both sides under "Ask me", with the base,
 * Align and Illumera values side by side by name; resolved one or many at a time by choosing a side,
 * or by typing the value both should have. The next run applies the choice; resolved conflicts stay
 * listed with who chose what. Support staff under a grant read it, without the buttons.
 */
@Route(ConflictsView.ROUTE)
@PageTitle("Conflicts · Illumera · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.SUPPORT_STAFF})
class ConflictsView extends VerticalLayout implements BeforeEnterObserver {

    static final String ROUTE = "settings/add-ons/conflicts";

    final Grid<ConflictRow> waiting = new Grid<>();
    final Grid<ConflictRow> resolved = new Grid<>();
    final Button keepAlign = new Button("Keep Align's value");
    final Button keepIllumera = new Button("Keep Illumera's value");
    final Button typeValue = new Button("Type a value…");
    final Paragraph waitingNote = new Paragraph();

    private final SyncHistory history;
    private final IllumeraSync sync;
    private final AuditTrail audit;
    private final KeysetPages<ConflictRow> waitingPages;
    private final KeysetPages<ConflictRow> resolvedPages;

    ConflictsView(SyncHistory history, IllumeraSync sync, AuditTrail audit) {
        this.history = history;
        this.sync = sync;
        this.audit = audit;
        this.waitingPages = new KeysetPages<>((last, limit) -> history.openConflicts(last == null ? 0 : last.id(), limit));
        this.resolvedPages = new KeysetPages<>((last, limit) -> history.resolvedConflicts(
                last == null ? null : last.id(), limit));
        setSizeFull();
        boolean canResolve = CurrentUser.require().administers();

        waiting.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        waiting.setId("waiting-conflicts");
        waiting.setSelectionMode(Grid.SelectionMode.MULTI);
        waiting.addColumn(c -> entry(c)).setHeader("Entry").setFlexGrow(2);
        waiting.addColumn(ConflictRow::label).setHeader("Field").setAutoWidth(true);
        waiting.addColumn(ConflictRow::baseValue).setHeader("Before (both agreed)").setFlexGrow(2);
        waiting.addColumn(ConflictRow::alignValue).setHeader("Align now").setFlexGrow(2);
        waiting.addColumn(ConflictRow::illumeraValue).setHeader("Illumera now").setFlexGrow(2);
        waiting.addColumn(c -> Formats.dateTime(c.detectedAt())).setHeader("Found").setAutoWidth(true);
        waiting.setAllRowsVisible(false);
        waiting.setHeight("22rem");
        waiting.addSelectionListener(e -> selectionChanged());

        keepAlign.addClickListener(e -> resolve(Choice.ALIGN));
        keepIllumera.addClickListener(e -> resolve(Choice.ILLUMERA));
        typeValue.addClickListener(e -> openTypeValue());
        keepAlign.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        var actions = new HorizontalLayout(keepAlign, keepIllumera, typeValue);
        actions.setVisible(canResolve);
        selectionChanged();

        resolved.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        resolved.setId("resolved-conflicts");
        resolved.addColumn(c -> entry(c)).setHeader("Entry").setFlexGrow(2);
        resolved.addColumn(ConflictRow::label).setHeader("Field").setAutoWidth(true);
        resolved.addColumn(ConflictsView::choice).setHeader("Choice").setFlexGrow(2);
        resolved.addColumn(c -> c.resolvedBy() == null ? "the sync (both sides agreed)" : c.resolvedBy())
                .setHeader("By").setAutoWidth(true);
        resolved.addColumn(c -> Formats.dateTime(c.resolvedAt())).setHeader("When").setAutoWidth(true);
        resolved.addColumn(c -> c.appliedAt() == null ? "waiting for the next run" : Formats.dateTime(c.appliedAt()))
                .setHeader("Applied").setAutoWidth(true);
        resolved.setHeight("18rem");

        waitingNote.setId("conflicts-note");
        add(new H2("Conflicts"), Labels.links(new Anchor(SyncHistoryView.ROUTE, "Sync history")), waitingNote, actions, waiting,
                new H3("Resolved"), resolved);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (Screens.admitted(event, () -> audit.screenOpened("Conflicts"))) {
            waiting.setItems(waitingPages::fetch);
            resolved.setItems(resolvedPages::fetch);
            showCount();
        }
    }

    private void showCount() {
        int open = history.openConflictCount();
        waitingNote.setText(open == 0 ? "No conflicts wait. Fields changed on both sides appear here under the"
                + " \"Ask me\" policy." : open + (open == 1 ? " field was" : " fields were") + " changed on both sides"
                + " since the last sync. Nothing is overwritten until you choose; the next run applies your choice.");
    }

    private void selectionChanged() {
        Set<ConflictRow> selected = waiting.getSelectedItems();
        keepAlign.setEnabled(!selected.isEmpty());
        keepIllumera.setEnabled(!selected.isEmpty());
        typeValue.setEnabled(selected.size() == 1 && !AlignField.PROJECT.name().equals(
                selected.stream().findFirst().map(ConflictRow::field).orElse(null)));
    }

    private void resolve(Choice choice) {
        List<Long> ids = waiting.getSelectedItems().stream().map(ConflictRow::id).toList();
        try {
            sync.resolveAll(ids, choice);
            Forms.saved(ids.size() + (ids.size() == 1 ? " conflict" : " conflicts") + " resolved: "
                    + (choice == Choice.ALIGN ? "Align's" : "Illumera's") + " value goes to the other side now.");
        } catch (NotFoundException e) {
            Forms.error("Someone resolved one of these meanwhile; the list shows what is left.");
        }
        reload();
    }

    private void openTypeValue() {
        ConflictRow conflict = waiting.getSelectedItems().iterator().next();
        var dialog = new Dialog();
        dialog.setId("type-value-dialog");
        dialog.setHeaderTitle(conflict.label() + " of " + entry(conflict));
        var value = new TextField("The value both sides get");
        value.setId("typed-value");
        value.setWidthFull();
        value.setHelperText(HINTS.getOrDefault(conflict.field(), ""));
        value.setValue(conflict.rawAlign() == null ? "" : startingValue(conflict));
        var save = new Button("Resolve with this value", e -> {
            if (Forms.save(Map.of("value", value), () -> sync.resolveWithValue(conflict.id(), value.getValue()))) {
                dialog.close();
                Forms.saved("Resolved: the value is saved in Align and goes to Illumera now.");
                reload();
            }
        });
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new Paragraph("Align: " + conflict.alignValue() + " · Illumera: " + conflict.illumeraValue()), value);
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), save);
        dialog.open();
    }

    /** What the field takes, in the words of its check. */
    private static final Map<String, String> HINTS = Map.of(
            "ENTRY_TITLE", "Up to 200 characters.",
            "ENTRY_STATUS", "An Align status: Backlog, To do, In progress, In review, Blocked, Done or Cancelled.",
            "ASSIGNED_USER", "A person's e-mail in this organisation; empty for nobody.",
            "DUE_DATE", "YYYY-MM-DD; empty for no due date.",
            "TRACKED_TIME", "Whole minutes.",
            "RELEASE", "A release name of the entry's project; empty for none.");

    /** Titles, dates and minutes start as Align's value; names of people, statuses and releases start empty. */
    private static String startingValue(ConflictRow conflict) {
        return Set.of("ENTRY_TITLE", "DUE_DATE", "TRACKED_TIME", "ASSIGNED_USER").contains(conflict.field())
                ? conflict.rawAlign() : "";
    }

    private void reload() {
        waiting.deselectAll();
        waitingPages.reset();
        resolvedPages.reset();
        waiting.getDataProvider().refreshAll();
        resolved.getDataProvider().refreshAll();
        showCount();
    }

    private static String entry(ConflictRow conflict) {
        return (conflict.entryTitle() == null ? "Entry" : conflict.entryTitle())
                + (conflict.entryId() == null ? "" : " (#" + conflict.entryId() + ")");
    }

    private static String choice(ConflictRow conflict) {
        if (conflict.typedValue() != null) {
            return "Typed: " + conflict.typedValue();
        }
        return switch (conflict.resolution()) {
            case "ALIGN" -> "Align's: " + conflict.alignValue();
            case "ILLUMERA" -> "Illumera's: " + conflict.illumeraValue();
            default -> "Settled (both sides became equal)";
        };
    }
}
