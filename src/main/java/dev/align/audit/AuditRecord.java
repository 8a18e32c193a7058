package dev.align.audit;

import java.time.Instant;

/** A stored audit record as the trail shows it. Text is as given; views must display it encoded. */
public record AuditRecord(long id, Instant occurredAt, Long organisationId, String actorEmail, String actorRole,
                          boolean supportActing, String action, String target, String outcome, String difference,
                          String clientIp, String requestId) {
}
