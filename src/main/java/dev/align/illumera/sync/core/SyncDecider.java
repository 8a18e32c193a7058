package dev.align.illumera.sync.core;

import dev.align.illumera.sync.core.FieldDecision.Conflict;
import dev.align.illumera.sync.core.FieldDecision.Flow;
import dev.align.illumera.sync.core.FieldDecision.Outcome;
import dev.align.illumera.sync.core.FieldDecision.Policy;
import dev.align.illumera.sync.core.FieldDecision.Side;
import dev.align.illumera.sync.core.FieldDecision.Write;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Three-way decisions per field (SYNC-DESIGN):
 * <pre>
 * Align vs base | Illumera vs base | decision
 * same          | same             | nothing
 * changed       | same             | Align's value to Illumera (if the field flows that way)
 * same          | changed          | Illumera's value to Align (if the field flows that way)
 * changed       | changed, equal   | nothing; the common value becomes the base
 * changed       | changed, differ  | conflict: the policy decides; ASK_ME writes nothing
 * </pre>
 * A one-way field has a source: its changes flow, the other side's are left alone until the source
 * changes again (then the source wins: one-way fields never conflict). Without a base (the first
 * meeting of a matched pair) every differing field counts as changed on both sides. Echoes cannot
 * come back: what the engine wrote is the new base, so it reads as "same" next time.
 */
public final class SyncDecider {

    private SyncDecider() {
    }

    /**
     * @param base   the values both sides last agreed on, or null for a first meeting
     * @param fields the mapped fields and how each may flow
     */
    public static Outcome decide(Map<String, String> base, Side align, Side illumera, Map<String, Flow> fields,
                                 Policy policy) {
        List<Write> toIllumera = new ArrayList<>();
        List<Write> toAlign = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        Map<String, String> newBase = new HashMap<>();
        for (var entry : fields.entrySet()) {
            String field = entry.getKey();
            Flow flow = entry.getValue();
            String was = base == null ? null : base.get(field);
            String a = align.get(field);
            String i = illumera.get(field);
            boolean firstMeeting = base == null || !base.containsKey(field);
            boolean alignChanged = firstMeeting ? !Objects.equals(a, i) : !Objects.equals(a, was);
            boolean illumeraChanged = firstMeeting ? !Objects.equals(a, i) : !Objects.equals(i, was);

            if (Objects.equals(a, i)) {
                newBase.put(field, a); // same on both sides (unchanged, or changed to the same value)
            } else if (flow == Flow.TO_ILLUMERA) {
                if (alignChanged || firstMeeting) {
                    toIllumera.add(new Write(field, i, a));
                    newBase.put(field, a);
                } else {
                    newBase.put(field, was); // Illumera's own edit of an Align-sourced field is left alone
                }
            } else if (flow == Flow.TO_ALIGN) {
                if (illumeraChanged || firstMeeting) {
                    toAlign.add(new Write(field, a, i));
                    newBase.put(field, i);
                } else {
                    newBase.put(field, was);
                }
            } else if (alignChanged && !illumeraChanged) {
                toIllumera.add(new Write(field, i, a));
                newBase.put(field, a);
            } else if (illumeraChanged && !alignChanged) {
                toAlign.add(new Write(field, a, i));
                newBase.put(field, i);
            } else {
                switch (winner(policy, align, illumera)) {
                    case ALIGN_WINS -> {
                        toIllumera.add(new Write(field, i, a, policy));
                        newBase.put(field, a);
                    }
                    case ILLUMERA_WINS -> {
                        toAlign.add(new Write(field, a, i, policy));
                        newBase.put(field, i);
                    }
                    default -> {
                        conflicts.add(new Conflict(field, was, a, i));
                        if (!firstMeeting) {
                            newBase.put(field, was);
                        }
                    }
                }
            }
        }
        return new Outcome(List.copyOf(toIllumera), List.copyOf(toAlign), List.copyOf(conflicts),
                java.util.Collections.unmodifiableMap(newBase));
    }

    /** The policy's answer for one field changed on both sides (MOST_RECENT: ties and unknown times ask). */
    private static Policy winner(Policy policy, Side align, Side illumera) {
        if (policy != Policy.MOST_RECENT) {
            return policy;
        }
        if (align.changedAt() == null || illumera.changedAt() == null || align.changedAt().equals(illumera.changedAt())) {
            return Policy.ASK_ME;
        }
        return align.changedAt().isAfter(illumera.changedAt()) ? Policy.ALIGN_WINS : Policy.ILLUMERA_WINS;
    }
}
