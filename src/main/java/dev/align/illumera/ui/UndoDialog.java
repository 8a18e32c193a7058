package dev.align.illumera.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import dev.align.base.ui.Forms;
import dev.align.illumera.undo.RunUndo;

/**
 * Undo a run: first what it would restore and what it cannot (with the reason), then, on a person's
 * word, the before-values written back and carried to Illumera by a run started at once.
 */
class UndoDialog extends Dialog {

    final Grid<RunUndo.Step> steps = new Grid<>();
    final Button confirm = new Button("Undo the run");
    final Paragraph summary = new Paragraph();

    UndoDialog(RunUndo undo, long runId) {
        setId("undo-dialog");
        setHeaderTitle("Undo this run?");
        setWidth("56rem");
        RunUndo.Plan plan = undo.preview(runId);
        steps.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        steps.addColumn(s -> (s.entryTitle() == null ? "Entry" : s.entryTitle()) + " (#" + s.entryId() + ")")
                .setHeader("Entry").setFlexGrow(2);
        steps.addColumn(RunUndo.Step::label).setHeader("Field").setAutoWidth(true);
        steps.addColumn(s -> s.possible() ? s.now() + " → " + s.restoreTo() : "not undone: " + s.reason())
                .setHeader("What happens").setFlexGrow(3);
        steps.setItems(plan.steps());
        steps.setHeight("20rem");
        summary.setText(plan.possible() == 0 ? "Nothing of this run can be undone now."
                : plan.possible() + (plan.possible() == 1 ? " field goes" : " fields go") + " back to its value before"
                        + " the run, in Align and then in Illumera (a run starts at once). The rest is listed with the"
                        + " reason.");
        confirm.setEnabled(plan.possible() > 0);
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        confirm.addClickListener(e -> {
            RunUndo.Plan done = undo.undo(runId);
            Forms.saved(done.done() + (done.done() == 1 ? " field" : " fields") + " restored; the sync carries"
                    + " them to Illumera now.");
            close();
        });
        add(summary, steps);
        getFooter().add(new Button("Cancel", e -> close()), confirm);
    }
}
