package dev.align.supportaccess;

import java.time.Instant;

/** A support person's read-only access to one organisation, as both sides see it. */
public record SupportGrant(long id, long organisationId, String organisationName, String supportEmail, String reason,
                           String ticket, Instant grantedAt, Instant expiresAt, Instant revokedAt) {

    public boolean liveAt(Instant now) {
        return revokedAt == null && expiresAt.isAfter(now);
    }
}
