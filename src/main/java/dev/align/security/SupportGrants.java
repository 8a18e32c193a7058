package dev.align.security;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;

/**
 * Whose add-on records the caller may read (sync history, conflicts, audit trail): Owners and Admins
 * their current organisation's; support staff the organisation they chose, only while they hold a live
 * grant for it (given with a reason, limited in time, revocable by the organisation). Checked at every
 * call, so an expired or revoked grant closes the door at the next request.
 */
@Component
public class SupportGrants {

    private final JdbcClient jdbc;
    private final Clock clock;

    SupportGrants(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The organisation to read; refused to Members, anonymous callers and support staff without a live grant. */
    public long readableOrganisation() {
        AlignUser user = CurrentUser.require();
        if (user.administers()) {
            return user.currentMembership().orElseThrow().organisationId();
        }
        Long organisationId = user.supportStaff() ? user.supportOrganisationId().orElse(null) : null;
        if (organisationId == null || !live(user.userId(), organisationId)) {
            throw new AccessDeniedException("No live support access to this organisation");
        }
        return organisationId;
    }

    /** True when the caller reads as support staff under a grant (their screens are then audited). */
    public boolean readingAsSupport() {
        AlignUser user = CurrentUser.require();
        return !user.administers() && user.supportStaff()
                && user.supportOrganisationId().isPresent();
    }

    /** Whether this support person holds an unexpired, unrevoked grant for the organisation. */
    public boolean live(long supportUserId, long organisationId) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM support_grant
                        WHERE support_user_id = ? AND organisation_id = ? AND revoked_at IS NULL AND expires_at > ?""")
                .params(supportUserId, organisationId, Timestamp.from(clock.instant()))
                .query(Long.class).single() > 0;
    }
}
