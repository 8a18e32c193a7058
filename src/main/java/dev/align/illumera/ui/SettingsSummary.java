package dev.align.illumera.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.SettingsView;
import dev.align.illumera.TriggerEvent;
import dev.align.illumera.mapping.Direction;

import java.util.stream.Collectors;

/**
 * Saved settings in a few words, and the button that opens the editor. The editor (mapping grid, status
 * table, choices) is about three quarters of the card's server-side components, and most visits only read
 * the card: built on demand, a session on the card holds about a third of the memory (BENCHMARKS.md,
 * "Admin UI under load").
 */
class SettingsSummary extends VerticalLayout {

    final Button edit = new Button("Edit settings");
    final Paragraph text = new Paragraph();
    private final Direction direction;

    SettingsSummary(SettingsView saved, Runnable onEdit) {
        AddOnSettings settings = saved.settings();
        direction = settings.mapping().direction();
        setId("settings-summary");
        setPadding(false);
        addClassName("addon-settings");
        long mapped = settings.mapping().rows().stream().filter(row -> row.enabled()).count();
        text.setId("settings-summary-text");
        text.setText(direction.label() + " · " + mapped + " of " + settings.mapping().rows().size() + " fields mapped"
                + " · Conflicts: " + settings.conflictPolicy().label()
                + " · Workflows: " + (settings.triggers().isEmpty() ? "none" : settings.triggers().stream()
                        .map(TriggerEvent::label).sorted().collect(Collectors.joining(", ")))
                + " · Deletes " + (settings.propagateDeletes() ? "propagated" : "only reported"));
        edit.setId("edit-settings");
        edit.addClickListener(click -> onEdit.run());
        add(new H3("Settings"), text, edit);
    }

    /** The direction saved (the card's import-rule check depends on it). */
    Direction direction() {
        return direction;
    }
}
