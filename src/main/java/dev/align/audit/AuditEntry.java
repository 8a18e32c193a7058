package dev.align.audit;

import java.util.Map;

/**
 * One thing to record: what was done to what, with the values before and after (secrets are masked
 * by the trail before anything is stored). {@code organisationId} is null for platform-level events.
 */
public record AuditEntry(Long organisationId, String action, String target, Outcome outcome,
                         Map<String, ?> before, Map<String, ?> after) {

    public enum Outcome {
        DONE,
        DENIED
    }

    public AuditEntry {
        before = before == null ? Map.of() : before;
        after = after == null ? Map.of() : after;
    }
}
