package dev.align.supportaccess;

import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import dev.align.base.FieldErrors;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import dev.align.security.SupportGrants;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Support staff ask for read-only access to one organisation, giving a reason; the organisation's
 * Owners and Admins see every grant and every screen opened under it, and can end a grant at once.
 * What a grant lets a person read is enforced by the reading services ({@link SupportGrants}).
 */
@Service
@EnableConfigurationProperties(SupportProperties.class)
public class SupportAccess {

    /** At least a sentence: a few words that say what the organisation asked for. */
    static final int REASON_MIN = 20;
    static final int REASON_MAX = 1000;
    static final int TICKET_MAX = 100;

    private static final String SELECT = """
            SELECT g.id, g.organisation_id, o.name, u.email, g.reason, g.ticket, g.granted_at, g.expires_at, g.revoked_at
            FROM support_grant g JOIN organisation o ON o.id = g.organisation_id JOIN app_user u ON u.id = g.support_user_id
            """;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final SupportGrants grants;
    private final SupportProperties properties;
    private final Clock clock;

    SupportAccess(JdbcClient jdbc, AuditTrail audit, SupportGrants grants, SupportProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.grants = grants;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Opens a grant for the organisation and makes it the one this person looks at. The reason (at least
     * a sentence) and the ticket go into the organisation's audit trail.
     */
    @PreAuthorize(Access.SUPPORT)
    @Transactional
    public SupportGrant open(long organisationId, String reason, String ticket) {
        var errors = new FieldErrors();
        String why = errors.text("reason", reason, true, REASON_MAX, true);
        if (why != null && (why.codePointCount(0, why.length()) < REASON_MIN || why.split("\\s+").length < 3)) {
            errors.reject("reason", "Say in a sentence what the organisation asked for (at least "
                    + REASON_MIN + " characters).");
        }
        String reference = errors.text("ticket", ticket, false, TICKET_MAX, false);
        errors.throwIfAny();
        if (jdbc.sql("SELECT COUNT(*) FROM organisation WHERE id = ?").param(organisationId).query(Long.class)
                .single() == 0) {
            throw new NotFoundException("Organisation", organisationId);
        }
        Instant now = clock.instant();
        Instant expires = now.plus(properties.grantDuration());
        var key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO support_grant (organisation_id, support_user_id, reason, ticket, granted_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(organisationId, CurrentUser.require().userId(), why, reference == null ? "" : reference,
                        Timestamp.from(now), Timestamp.from(expires))
                .update(key, "id");
        CurrentUser.switchSupportOrganisation(organisationId);
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("reason", why);
        after.put("ticket", reference == null ? "" : reference);
        after.put("until", expires.toString());
        audit.record(new AuditEntry(organisationId, "support.access-granted", "read-only support access",
                AuditEntry.Outcome.DONE, Map.of(), after));
        return grant(Objects.requireNonNull(key.getKey()).longValue());
    }

    /** Makes an organisation this person holds a live grant for the one they look at. */
    @PreAuthorize(Access.SUPPORT)
    @Transactional(readOnly = true)
    public void enter(long organisationId) {
        if (!grants.live(CurrentUser.require().userId(), organisationId)) {
            throw new AccessDeniedException("No live support access to organisation " + organisationId);
        }
        CurrentUser.switchSupportOrganisation(organisationId);
    }

    /** This person's live grants, newest first. */
    @PreAuthorize(Access.SUPPORT)
    @Transactional(readOnly = true)
    public List<SupportGrant> myLiveGrants() {
        return jdbc.sql(SELECT + " WHERE g.support_user_id = ? AND g.revoked_at IS NULL AND g.expires_at > ?"
                        + " ORDER BY g.granted_at DESC, g.id DESC")
                .params(CurrentUser.require().userId(), Timestamp.from(clock.instant()))
                .query(SupportAccess::map).list();
    }

    /** The organisation's grants, live and past, newest first. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public List<SupportGrant> grants(int offset, int limit) {
        return jdbc.sql(SELECT + " WHERE g.organisation_id = ? ORDER BY g.granted_at DESC, g.id DESC LIMIT ? OFFSET ?")
                .params(CurrentUser.organisationId(), Math.clamp(limit, 1, 200), Math.max(offset, 0))
                .query(SupportAccess::map).list();
    }

    /** Ends a live grant of the organisation at once (the support person's next request is refused). Audited. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void revoke(long grantId) {
        long organisationId = CurrentUser.organisationId();
        Instant now = clock.instant();
        int ended = jdbc.sql("""
                        UPDATE support_grant SET revoked_at = ?, revoked_by = ?
                        WHERE id = ? AND organisation_id = ? AND revoked_at IS NULL AND expires_at > ?""")
                .params(Timestamp.from(now), CurrentUser.require().userId(), grantId, organisationId,
                        Timestamp.from(now))
                .update();
        if (ended == 0) {
            if (jdbc.sql("SELECT COUNT(*) FROM support_grant WHERE id = ? AND organisation_id = ?")
                    .params(grantId, organisationId).query(Long.class).single() == 0) {
                throw new NotFoundException("Support access", grantId);
            }
            throw new InvalidInputException("grant", "This access has already ended.");
        }
        SupportGrant grant = grant(grantId);
        audit.record(new AuditEntry(organisationId, "support.access-revoked", grant.supportEmail(),
                AuditEntry.Outcome.DONE, Map.of("until", grant.expiresAt().toString()), Map.of("until", now.toString())));
    }

    private SupportGrant grant(long id) {
        return jdbc.sql(SELECT + " WHERE g.id = ?").param(id).query(SupportAccess::map).single();
    }

    private static SupportGrant map(ResultSet rs, int row) throws SQLException {
        Timestamp revoked = rs.getTimestamp(9);
        return new SupportGrant(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
