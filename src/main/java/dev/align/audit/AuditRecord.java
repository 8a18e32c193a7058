package dev.align.audit;

import java.time.Instant;

/**
 * A stored audit record as the trail shows it. Text is as given; views must display it encoded.
 * {@code hash} covers the content and {@code previousHash} (both null for records older than the chain).
 */
public record AuditRecord(long id, Instant occurredAt, Long organisationId, Long actorUserId, String actorEmail,
                          String actorRole, boolean supportActing, String action, String target, String outcome,
                          String difference, String clientIp, String requestId, String previousHash, String hash) {
}
