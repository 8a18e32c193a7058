package dev.align.audit;

import dev.align.base.FieldErrors;
import dev.align.base.Like;
import dev.align.security.Access;
import dev.align.security.AlignUser;
import dev.align.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The append-only audit trail (the database refuses UPDATE and DELETE on it too). Owners and
 * Admins read their organisation's; support staff read any organisation's after giving a reason,
 * and that reading is itself recorded where the organisation sees it.
 */
@Service
public class AuditTrail {

    /** Secret-looking values never reach the trail, whatever a caller passes. */
    private static final Pattern SECRET_VALUE = Pattern.compile("(ilm_(live|test)_[A-Za-z0-9]{4,}|whsec_[A-Za-z0-9+/=]{8,})");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|apikey|api_key|password|token).*");
    private static final int REASON_MAX = 500;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditTrail(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Records a change in the transaction that makes it: the record exists exactly when the change does. */
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(AuditEntry entry) {
        insert(entry, false);
    }

    /** Records a refused attempt; in a transaction of its own, since the attempt's own one rolls back. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordDenied(AuditEntry entry) {
        insert(new AuditEntry(entry.organisationId(), entry.action(), entry.target(), AuditEntry.Outcome.DENIED,
                entry.before(), entry.after()), false);
    }

    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public List<AuditRecord> forOrganisation(AuditQuery query, int offset, int limit) {
        return find(CurrentUser.organisationId(), query, offset, limit);
    }

    /**
     * Support staff reading an organisation's trail: the reason is required and the access is
     * recorded in that organisation's trail before anything is shown.
     */
    @PreAuthorize(Access.SUPPORT)
    @Transactional
    public List<AuditRecord> forSupport(long organisationId, String reason, AuditQuery query, int offset, int limit) {
        var errors = new FieldErrors();
        String why = errors.text("reason", reason, true, REASON_MAX, true);
        errors.throwIfAny();
        if (jdbc.sql("SELECT COUNT(*) FROM organisation WHERE id = ?").param(organisationId).query(Long.class)
                .single() == 0) {
            throw new dev.align.base.NotFoundException("Organisation", organisationId);
        }
        insert(new AuditEntry(organisationId, "support.access", "audit trail", AuditEntry.Outcome.DONE, Map.of(),
                Map.of("reason", why)), true);
        return find(organisationId, query, offset, limit);
    }

    private List<AuditRecord> find(long organisationId, AuditQuery query, int offset, int limit) {
        var sql = new StringBuilder("SELECT * FROM audit_record WHERE organisation_id = :organisation");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("organisation", organisationId);
        if (query.action() != null && !query.action().isBlank()) {
            sql.append(" AND action = :action");
            params.put("action", query.action());
        }
        if (query.actorContains() != null && !query.actorContains().isBlank()) {
            sql.append(" AND actor_email LIKE :actor");
            params.put("actor", Like.containing(query.actorContains().strip()));
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit OFFSET :offset");
        params.put("limit", Math.clamp(limit, 1, 500));
        params.put("offset", Math.max(0, offset));
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> new AuditRecord(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                        rs.getObject("organisation_id", Long.class), rs.getString("actor_email"),
                        rs.getString("actor_role"), rs.getBoolean("support_acting"), rs.getString("action"),
                        rs.getString("target"), rs.getString("outcome"), rs.getString("difference"),
                        rs.getString("client_ip"), rs.getString("request_id")))
                .list();
    }

    private void insert(AuditEntry entry, boolean supportActing) {
        AlignUser actor = CurrentUser.get().orElse(null);
        if (actor != null && !supportActing && entry.organisationId() != null
                && actor.currentMembership().map(m -> m.organisationId() != entry.organisationId()).orElse(true)) {
            throw new AccessDeniedException("A person's action can only be recorded for their current organisation");
        }
        String role = actor == null ? "SYSTEM"
                : supportActing ? "SUPPORT" : actor.currentRole().map(Enum::name).orElse("SUPPORT");
        var request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
        jdbc.sql("""
                        INSERT INTO audit_record (organisation_id, actor_user_id, actor_email, actor_role, support_acting,
                                                  action, target, outcome, difference, client_ip, request_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(entry.organisationId(), actor == null ? null : actor.userId(),
                        actor == null ? "system" : actor.email(), role, supportActing, entry.action(),
                        entry.target() == null ? "" : entry.target(), entry.outcome().name(),
                        difference(entry.before(), entry.after()), clientIp(request), requestId(request))
                .update();
    }

    /** {"field": {"before": …, "after": …}} for the fields that differ, secrets masked. */
    private String difference(Map<String, ?> before, Map<String, ?> after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(before.keySet());
        after.keySet().stream().filter(name -> !names.contains(name)).forEach(names::add);
        for (String name : names) {
            Object was = before.get(name);
            Object now = after.get(name);
            if (!java.util.Objects.equals(was, now)) {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("before", mask(name, was));
                change.put("after", mask(name, now));
                changes.put(name, change);
            }
        }
        return json.writeValueAsString(changes);
    }

    private static Object mask(String name, Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        if (SECRET_NAME.matcher(name).matches()) {
            return text.length() <= 4 ? "…" : "…" + text.substring(text.length() - 4);
        }
        return SECRET_VALUE.matcher(text).find() ? SECRET_VALUE.matcher(text).replaceAll("…") : value;
    }

    private static String clientIp(HttpServletRequest request) {
        return request == null ? "" : request.getRemoteAddr();
    }

    private static String requestId(HttpServletRequest request) {
        String given = request == null ? null : request.getHeader("X-Request-Id");
        return given != null && given.matches("[A-Za-z0-9._-]{1,64}") ? given : UUID.randomUUID().toString();
    }
}
