package dev.align.illumera;

import dev.align.illumera.mapping.MappingModel.Mapping;

import java.util.Set;

/**
 * Everything Settings → Add-ons saves at once. {@code loopRiskConfirmed}: the person has seen the
 * warning that an import rule in the workspace copies Align records, and wants two-way sync anyway.
 */
public record AddOnSettings(Mapping mapping, ConflictPolicy conflictPolicy, Set<TriggerEvent> triggers,
                            boolean propagateDeletes, boolean loopRiskConfirmed) {

    public AddOnSettings {
        triggers = Set.copyOf(triggers);
    }
}
