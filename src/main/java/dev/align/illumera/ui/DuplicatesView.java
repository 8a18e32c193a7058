package dev.align.illumera.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
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
import dev.align.illumera.history.SyncHistory.Duplicate;
import dev.align.illumera.history.SyncHistory.Held;
import dev.align.illumera.sync.IllumeraSync;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;

/**
 * Duplicates and held records (PRODUCT §8 "Duplicate entries appearing"): the import copies found,
 * with the rule that makes them and the fix; and records held because several share a name, each
 * to be linked to its counterpart by hand or created separately (Owners and Admins; audited).
 */
@Route(DuplicatesView.ROUTE)
@PageTitle("Duplicates and held records · Illumera · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.SUPPORT_STAFF})
class DuplicatesView extends VerticalLayout implements BeforeEnterObserver {

    static final String ROUTE = "settings/add-ons/duplicates";
    static final String FIX = "Each is a task that an import rule in the Illumera workspace made from a task the sync"
            + " created (it carries the align: reference of an entry already linked to another task). They are never"
            + " synced back. To stop them: switch off the workspace's import rule with source \"align\" (Illumera:"
            + " workspace settings → Integrations → Import rules), or sync in one direction only; then delete the"
            + " copies in Illumera.";

    final Grid<Duplicate> duplicates = new Grid<>();
    final Grid<Held> held = new Grid<>();
    final Button link = new Button("Link these two");
    final Button separately = new Button("Create separately");

    private final SyncHistory history;
    private final IllumeraSync sync;
    private final AuditTrail audit;
    private final KeysetPages<Duplicate> pages;

    DuplicatesView(SyncHistory history, IllumeraSync sync, AuditTrail audit) {
        this.history = history;
        this.sync = sync;
        this.audit = audit;
        this.pages = new KeysetPages<>((last, limit) -> history.duplicates(last == null ? null : last.id(), limit));
        setSizeFull();
        duplicates.setId("duplicates");
        duplicates.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        duplicates.addColumn(d -> d.taskName() + " (" + d.taskId() + ")").setHeader("Copy in Illumera").setFlexGrow(2);
        duplicates.addColumn(d -> (d.entryTitle() == null ? "Entry" : d.entryTitle()) + " (#" + d.entryId() + ")")
                .setHeader("Copy of the entry").setFlexGrow(2);
        duplicates.addColumn(d -> d.linkedTaskId() == null ? "—" : d.linkedTaskId()).setHeader("Linked task")
                .setAutoWidth(true);
        duplicates.addColumn(d -> Formats.dateTime(d.foundAt())).setHeader("Found").setAutoWidth(true);
        duplicates.setHeight("16rem");

        held.setId("held");
        held.setSelectionMode(Grid.SelectionMode.MULTI);
        held.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        held.addColumn(Held::name).setHeader("Name").setFlexGrow(2);
        held.addColumn(h -> h.entryId() != null ? "Align entry #" + h.entryId() : "Illumera task " + h.taskId())
                .setHeader("Record").setFlexGrow(1);
        held.addColumn(Held::workspaceId).setHeader("Workspace").setAutoWidth(true);
        held.addColumn(h -> "SEPARATE".equals(h.state()) ? "to be created by the next run" : "held since "
                + Formats.dateTime(h.since())).setHeader("State").setAutoWidth(true);
        held.setHeight("16rem");
        held.addSelectionListener(e -> selectionChanged());
        link.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        link.addClickListener(e -> linkSelected());
        separately.addClickListener(e -> createSelected());
        var actions = new HorizontalLayout(link, separately);
        actions.setVisible(CurrentUser.require().administers());
        selectionChanged();

        add(new H2("Duplicates and held records"), Labels.links(new Anchor(SyncHistoryView.ROUTE, "Sync history")),
                new H3("Duplicates found"), new Paragraph(FIX), duplicates, new H3("Held records"),
                new Paragraph("Several records share these names, so the sync did not guess which belongs to which."
                        + " Select an Align entry and an Illumera task to link them, or select records to create"
                        + " them on the other side as they are."), actions, held);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (Screens.admitted(event, () -> audit.screenOpened("Duplicates and held records"))) {
            duplicates.setItems(pages::fetch);
            held.setItems(history.held());
        }
    }

    private void selectionChanged() {
        List<Held> selected = List.copyOf(held.getSelectedItems());
        link.setEnabled(selected.size() == 2 && selected.stream().filter(h -> h.entryId() != null).count() == 1);
        separately.setEnabled(!selected.isEmpty() && selected.stream().allMatch(h -> "HELD".equals(h.state())));
    }

    private void linkSelected() {
        List<Held> selected = List.copyOf(held.getSelectedItems());
        Held entry = selected.stream().filter(h -> h.entryId() != null).findFirst().orElseThrow();
        Held task = selected.stream().filter(h -> h.taskId() != null).findFirst().orElseThrow();
        act(() -> sync.linkHeld(entry.id(), task.id()), "Linked: the next run (started now) brings both sides together.");
    }

    private void createSelected() {
        List<Held> selected = List.copyOf(held.getSelectedItems());
        act(() -> selected.forEach(h -> sync.createSeparately(h.id())),
                selected.size() + (selected.size() == 1 ? " record is" : " records are") + " created on the other"
                        + " side by the next run (started now).");
    }

    private void act(Runnable action, String done) {
        try {
            action.run();
            Forms.saved(done);
        } catch (InvalidInputException e) {
            Forms.error(String.join(" ", e.fieldErrors().values()));
        } catch (NotFoundException e) {
            Forms.error("Someone decided about one of these meanwhile; the list shows what is left.");
        }
        held.deselectAll();
        held.setItems(history.held());
    }
}
