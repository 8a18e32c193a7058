package dev.align.illumera;

import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.MappingModel.Mapping;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Everything Settings → Add-ons saves at once. Deletes are not propagated unless asked. A mapping row
 * may have its own conflict policy ({@code fieldPolicies}); the others follow {@code conflictPolicy}.
 * Settings saved before the first-link choice existed read it from the connection's policy.
 */
public record AddOnSettings(Mapping mapping, ConflictPolicy conflictPolicy, Set<TriggerEvent> triggers,
                            boolean propagateDeletes, Map<AlignField, ConflictPolicy> fieldPolicies,
                            FirstLinkChoice firstLink) {

    public AddOnSettings {
        triggers = triggers == null ? Set.of() : Set.copyOf(triggers);
        Map<AlignField, ConflictPolicy> own = new EnumMap<>(AlignField.class);
        if (fieldPolicies != null) {
            fieldPolicies.forEach((field, policy) -> {
                if (field != null && policy != null && policy != conflictPolicy) {
                    own.put(field, policy);
                }
            });
        }
        fieldPolicies = java.util.Collections.unmodifiableMap(own);
        if (firstLink == null && conflictPolicy != null) {
            firstLink = FirstLinkChoice.following(conflictPolicy);
        }
    }

    public AddOnSettings(Mapping mapping, ConflictPolicy conflictPolicy, Set<TriggerEvent> triggers,
                         boolean propagateDeletes) {
        this(mapping, conflictPolicy, triggers, propagateDeletes, Map.of(), null);
    }

    /** The policy of one row: its own, else the connection's. */
    public ConflictPolicy policyOf(AlignField field) {
        return fieldPolicies.getOrDefault(field, conflictPolicy);
    }
}
