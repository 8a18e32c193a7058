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

    /**
     * True when these settings let more flow than {@code before}: the connection's direction gained a
     * side, or a mapping row was switched on, given another field, or gained a side. What was passed
     * over meanwhile is then brought across (a backfill), not left to the records' next change.
     */
    public boolean widens(AddOnSettings before) {
        if (gains(before.mapping().direction(), mapping.direction())) {
            return true;
        }
        for (var row : mapping.rows()) {
            var was = before.mapping().row(row.alignField());
            boolean on = row.enabled() && row.target() != null;
            boolean wasOn = was.enabled() && was.target() != null;
            if (on && (!wasOn || !row.target().equals(was.target()) || gains(was.direction(), row.direction()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean gains(dev.align.illumera.mapping.Direction was, dev.align.illumera.mapping.Direction now) {
        return now.toIllumera() && !was.toIllumera() || now.toAlign() && !was.toAlign();
    }

    /** The policy of one row: its own, else the connection's. */
    public ConflictPolicy policyOf(AlignField field) {
        return fieldPolicies.getOrDefault(field, conflictPolicy);
    }
}
