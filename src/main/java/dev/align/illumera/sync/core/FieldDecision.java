package dev.align.illumera.sync.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The inputs and the outcome of deciding one linked record. Values are normalised strings (null = empty). */
public final class FieldDecision {

    private FieldDecision() {
    }

    /** Which way a field may flow (the row's direction, never wider than the connection's). */
    public enum Flow {
        TO_ILLUMERA,
        TO_ALIGN,
        BOTH
    }

    /**
     * Who wins a field changed on both sides; ASK_ME keeps both and waits for a person. The PREFER_
     * policies let one side win unless its value is blank (then the other side's value is kept).
     */
    public enum Policy {
        ALIGN_WINS,
        ILLUMERA_WINS,
        PREFER_ALIGN_UNLESS_BLANK,
        PREFER_ILLUMERA_UNLESS_BLANK,
        MOST_RECENT,
        ASK_ME
    }

    /**
     * A record linked for the first time has no base: a blank side always takes the other's value;
     * two differing values are settled by this choice (Align's, Illumera's, or a person's).
     */
    public enum FirstLink {
        ALIGN,
        ILLUMERA,
        ASK
    }

    /**
     * How each field is decided: its flow, its own policy (else the connection's {@code fallback}),
     * and the first-link choice (null: the field's policy settles a first meeting too, as before the
     * choice existed).
     */
    public record Rules(Map<String, Flow> flows, Map<String, Policy> policies, Policy fallback, FirstLink firstLink) {
        public Rules {
            flows = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(flows));
            policies = Map.copyOf(policies);
            java.util.Objects.requireNonNull(fallback);
        }

        public static Rules of(Map<String, Flow> flows, Policy policy) {
            return new Rules(flows, Map.of(), policy, null);
        }

        public Policy policy(String field) {
            return policies.getOrDefault(field, fallback);
        }
    }

    /** One side of a record now: its field values and when it last changed. */
    public record Side(Map<String, String> values, java.time.Instant changedAt) {
        public Side {
            values = java.util.Collections.unmodifiableMap(new java.util.HashMap<>(values));
        }

        String get(String field) {
            return values.get(field);
        }
    }

    /**
     * One field to write; {@code decidedBy} names the policy when both sides had changed it (else null),
     * {@code firstLink} whether that was the first-link choice rather than a policy.
     */
    public record Write(String field, String before, String after, Policy decidedBy, boolean firstLink) {
        public Write(String field, String before, String after, Policy decidedBy) {
            this(field, before, after, decidedBy, false);
        }

        public Write(String field, String before, String after) {
            this(field, before, after, null);
        }
    }

    public record Conflict(String field, String base, String alignValue, String illumeraValue) {
    }

    /**
     * What to do: writes to each side, conflicts waiting for a person, and the new base (fields in
     * conflict keep their old base, so the conflict stays visible until it is resolved).
     */
    public record Outcome(List<Write> toIllumera, List<Write> toAlign, List<Conflict> conflicts,
                          Map<String, String> newBase) {

        public boolean nothingToDo() {
            return toIllumera.isEmpty() && toAlign.isEmpty() && conflicts.isEmpty();
        }

        public Optional<Write> toIllumera(String field) {
            return toIllumera.stream().filter(w -> w.field().equals(field)).findFirst();
        }

        public Optional<Write> toAlign(String field) {
            return toAlign.stream().filter(w -> w.field().equals(field)).findFirst();
        }
    }
}
