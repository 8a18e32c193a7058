package dev.align.audit;

import java.time.Instant;

/**
 * Filters of the trail; null or blank means "any". {@code text} is looked for in the action, the target
 * and the before/after difference.
 */
public record AuditQuery(String action, String actorContains, Instant from, Instant to, String text) {

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null);
    }

    public static AuditQuery action(String action) {
        return new AuditQuery(action, null, null, null, null);
    }
}
