package dev.align.audit;

import java.time.Instant;

/** Filters of the trail; null means "any". */
public record AuditQuery(String action, String actorContains, Instant from, Instant to) {

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null);
    }
}
