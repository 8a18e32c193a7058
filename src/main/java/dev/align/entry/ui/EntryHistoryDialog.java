package dev.align.entry.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import dev.align.base.ui.Formats;
import dev.align.base.ui.Forms;
import dev.align.base.ui.KeysetPages;
import dev.align.entry.EntryChange;
import dev.align.entry.EntryService;
import dev.align.outbox.ChangeOrigin;

import java.util.HashSet;
import java.util.Set;

/**
 * Every change of one entry, newest first: who (a person, or the Illumera sync), which field, before
 * → after. "Restore this value" on an earlier change writes its value back as this person's change
 * (checked, recorded and synced like any edit).
 */
class EntryHistoryDialog extends Dialog {

    final Grid<EntryChange> grid = new Grid<>();

    EntryHistoryDialog(EntryService entries, long entryId, Runnable onRestore) {
        setId("entry-history");
        setHeaderTitle("History of entry #" + entryId);
        setWidth("56rem");
        // The newest change of each field holds the current value: nothing to restore there.
        Set<Long> current = new HashSet<>();
        Set<String> seen = new HashSet<>();
        var pages = new KeysetPages<EntryChange>((last, limit) -> {
            var page = entries.changes(entryId, last == null ? null : last.id(), limit);
            page.forEach(change -> {
                if (seen.add(change.field())) {
                    current.add(change.id());
                }
            });
            return page;
        });
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        grid.addColumn(c -> Formats.dateTime(c.occurredAt())).setHeader("When").setAutoWidth(true);
        grid.addColumn(c -> c.origin() == ChangeOrigin.SYNC ? "Illumera sync" : c.actorName()).setHeader("Who")
                .setAutoWidth(true);
        grid.addColumn(EntryChange::label).setHeader("Field").setAutoWidth(true);
        grid.addColumn(c -> c.before() + " → " + c.after()).setHeader("Before → after").setFlexGrow(3);
        grid.addComponentColumn(change -> current.contains(change.id()) ? new Span("current")
                : restoreButton(entries, change, onRestore)).setKey("restore").setWidth("11rem").setFlexGrow(0);
        grid.setItems(pages::fetch);
        grid.setHeight("24rem");
        add(grid);
        getFooter().add(new Button("Close", e -> close()));
    }

    private Button restoreButton(EntryService entries, EntryChange change, Runnable onRestore) {
        var restore = new Button("Restore this value", e -> {
            if (Forms.save(java.util.Map.of(), () -> entries.restore(change.entryId(), change.id()))) {
                Forms.saved(change.label() + " is " + change.after() + " again.");
                close();
                onRestore.run();
            }
        });
        restore.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
        restore.getElement().setAttribute("aria-label", "Restore " + change.label() + ": " + change.after());
        return restore;
    }
}
