package dev.align.illumera.sync.core;

import dev.align.illumera.sync.core.FieldDecision.Conflict;
import dev.align.illumera.sync.core.FieldDecision.FirstLink;
import dev.align.illumera.sync.core.FieldDecision.Rules;
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
 * changes again (then the source wins: one-way fields never conflict). Each field has its own
 * policy, else the connection's. Without a base (the first meeting of a matched pair: initial sync,
 * backfill, reconnect) a blank side takes the other side's value (a blank source of a one-way field
 * writes nothing), and two differing values follow the first-link choice. Echoes cannot come back:
 * what the engine wrote is the new base, so it reads as "same" next time.
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
        return decide(base, align, illumera, Rules.of(fields, policy));
    }

    public static Outcome decide(Map<String, String> base, Side align, Side illumera, Rules rules) {
        List<Write> toIllumera = new ArrayList<>();
        List<Write> toAlign = new ArrayList<>();
        List<Conflict> conflicts = new ArrayList<>();
        Map<String, String> newBase = new HashMap<>();
        for (var entry : rules.flows().entrySet()) {
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
            } else if (firstMeeting && flow != Flow.BOTH && blank(flow == Flow.TO_ILLUMERA ? a : i)) {
                newBase.put(field, flow == Flow.TO_ILLUMERA ? a : i); // a blank source clears nothing it never held
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
            } else if (firstMeeting && (blank(a) || blank(i))) {
                if (blank(a)) {
                    toAlign.add(new Write(field, a, i));
                    newBase.put(field, i);
                } else {
                    toIllumera.add(new Write(field, i, a));
                    newBase.put(field, a);
                }
            } else if (alignChanged && !illumeraChanged) {
                toIllumera.add(new Write(field, i, a));
                newBase.put(field, a);
            } else if (illumeraChanged && !alignChanged) {
                toAlign.add(new Write(field, a, i));
                newBase.put(field, i);
            } else {
                // The choice that decided, for the history: the field's policy, or the first-link choice.
                boolean byChoice = firstMeeting && rules.firstLink() != null;
                Policy policy = byChoice ? firstLink(rules.firstLink()) : rules.policy(field);
                switch (winner(policy, align, illumera, a, i)) {
                    case ALIGN_WINS -> {
                        toIllumera.add(new Write(field, i, a, policy, byChoice));
                        newBase.put(field, a);
                    }
                    case ILLUMERA_WINS -> {
                        toAlign.add(new Write(field, a, i, policy, byChoice));
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

    private static Policy firstLink(FirstLink choice) {
        return switch (choice) {
            case ALIGN -> Policy.ALIGN_WINS;
            case ILLUMERA -> Policy.ILLUMERA_WINS;
            case ASK -> Policy.ASK_ME;
        };
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /**
     * The policy's answer for one field changed on both sides to differing values, so at most one of
     * them is blank (MOST_RECENT: ties and unknown times ask).
     */
    private static Policy winner(Policy policy, Side align, Side illumera, String alignValue, String illumeraValue) {
        if (policy == Policy.PREFER_ALIGN_UNLESS_BLANK) {
            return blank(alignValue) ? Policy.ILLUMERA_WINS : Policy.ALIGN_WINS;
        }
        if (policy == Policy.PREFER_ILLUMERA_UNLESS_BLANK) {
            return blank(illumeraValue) ? Policy.ALIGN_WINS : Policy.ILLUMERA_WINS;
        }
        if (policy != Policy.MOST_RECENT) {
            return policy;
        }
        if (align.changedAt() == null || illumera.changedAt() == null || align.changedAt().equals(illumera.changedAt())) {
            return Policy.ASK_ME;
        }
        return align.changedAt().isAfter(illumera.changedAt()) ? Policy.ALIGN_WINS : Policy.ILLUMERA_WINS;
    }
}
