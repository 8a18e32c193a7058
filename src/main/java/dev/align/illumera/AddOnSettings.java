package dev.align.illumera;

import dev.align.illumera.mapping.MappingModel.Mapping;

import java.util.Set;

/** Everything Settings → Add-ons saves at once. Deletes are not propagated unless asked. */
public record AddOnSettings(Mapping mapping, ConflictPolicy conflictPolicy, Set<TriggerEvent> triggers,
                            boolean propagateDeletes) {

    public AddOnSettings {
        triggers = triggers == null ? Set.of() : Set.copyOf(triggers);
    }
}
