package dev.align.audit;

import dev.align.base.Like;
import dev.align.base.TextRules;
import dev.align.security.Access;
import dev.align.security.AlignUser;
import dev.align.security.CurrentUser;
import dev.align.security.SupportGrants;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The append-only audit trail (the database refuses UPDATE and DELETE on it too), chained by hashes
 * per organisation so that a change made behind the application's back shows. Owners and Admins
 * read their organisation's; support staff read one organisation's while they hold a live grant, and
 * whatever they do there is recorded as support acting for it.
 */
@Service
public class AuditTrail {

    /** Secret-looking values never reach the trail, whatever a caller passes. */
    private static final Pattern SECRET_VALUE = Pattern.compile("(ilm_(live|test)_[A-Za-z0-9]{4,}|whsec_[A-Za-z0-9+/=]{8,})");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(secret|apikey|api_key|password|token).*");
    private static final int STREAM_FETCH = 500;
    private static final String REQUEST_ID = AuditTrail.class.getName() + ".requestId";
    static final String NOT_AN_ADDRESS = "(not an e-mail address)";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final JsonMapper json;
    private final SupportGrants grants;
    private final Clock clock;
    private final TransactionTemplate newChains;

    AuditTrail(JdbcClient jdbc, DataSource dataSource, JsonMapper json, SupportGrants grants, Clock clock,
               PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.newChains = new TransactionTemplate(transactions);
        this.newChains.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        var template = new JdbcTemplate(dataSource);
        template.setFetchSize(STREAM_FETCH); // MariaDB's driver then streams the rows instead of loading them all
        this.streaming = new NamedParameterJdbcTemplate(template);
        this.json = json;
        this.grants = grants;
        this.clock = clock;
    }

    /** Records a change in the transaction that makes it: the record exists exactly when the change does. */
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(AuditEntry entry) {
        insert(entry);
    }

    /** Records a refused attempt; in a transaction of its own, since the attempt's own one rolls back. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordDenied(AuditEntry entry) {
        insert(new AuditEntry(entry.organisationId(), entry.action(), entry.target(), AuditEntry.Outcome.DENIED,
                entry.before(), entry.after()));
    }

    /**
     * Called once when a screen of the organisation's records opens (not per page of data): under a
     * support grant, one record that support staff looked at it; for the organisation's own Owners and
     * Admins, nothing. Refused to anyone who may not read the organisation's records.
     */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional
    public void screenOpened(String screen) {
        long organisationId = grants.readableOrganisation();
        if (grants.readingAsSupport()) {
            insert(new AuditEntry(organisationId, "support.screen-opened", screen, AuditEntry.Outcome.DONE, null,
                    null));
        }
    }

    /**
     * A page of the trail, newest first, after {@code after} (the last record of the previous page, null
     * for the first): keyset paging on the organisation-and-time index, as fast deep in the trail as at
     * its top.
     */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public List<AuditRecord> forOrganisation(AuditQuery query, AuditRecord after, int limit) {
        var sql = new StringBuilder();
        Map<String, Object> params = filtered(grants.readableOrganisation(), query, sql);
        if (after != null) {
            sql.append(" AND (occurred_at < :afterAt OR (occurred_at = :afterAt AND id < :afterId))");
            params.put("afterAt", Timestamp.from(after.occurredAt()));
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT :limit");
        params.put("limit", Math.clamp(limit, 1, 500));
        return jdbc.sql(sql.toString()).params(params).query(AuditTrail::map).list();
    }

    /**
     * Writes the filtered trail as CSV, oldest first, hashes included, streamed from the database (a long
     * trail never sits in memory).
     */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public void exportCsv(AuditQuery query, Writer out) {
        long organisationId = grants.readableOrganisation();
        if (grants.readingAsSupport()) { // recorded at once, in a short transaction of its own
            newChains.executeWithoutResult(tx -> insert(new AuditEntry(organisationId, "support.exported",
                    "audit trail (CSV)", AuditEntry.Outcome.DONE, null, null)));
        }
        var sql = new StringBuilder();
        Map<String, Object> params = filtered(organisationId, query, sql);
        sql.append(" ORDER BY occurred_at, id");
        try (var csv = new AuditCsv(out)) {
            stream(sql.toString(), params, record -> {
                try {
                    csv.write(record);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Walks the organisation's chain in order and recomputes every hash: a record changed, removed or
     * slipped in behind the application's back breaks the chain at the first record it touches.
     */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public AuditVerification verify() {
        long organisationId = grants.readableOrganisation();
        var walk = new ChainWalk();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("organisation", organisationId);
        stream("SELECT * FROM audit_record WHERE organisation_id = :organisation ORDER BY id", params, walk::next);
        if (walk.brokenAt == null) {
            record Head(Long lastId, String lastHash) {
            }
            var head = jdbc.sql("SELECT last_id, last_hash FROM audit_chain_head WHERE chain_key = ?")
                    .param(AuditHash.chainKey(organisationId))
                    .query((rs, n) -> new Head(rs.getObject(1, Long.class), rs.getString(2))).optional();
            if (head.isPresent() && !Objects.equals(head.get().lastHash(), walk.lastHash)) {
                return new AuditVerification(walk.checked, walk.beforeChain, head.get().lastId(),
                        "The newest record (#" + head.get().lastId() + ") is missing or was changed.");
            }
        }
        return new AuditVerification(walk.checked, walk.beforeChain, walk.brokenAt, walk.finding);
    }

    /** One pass over a chain, oldest first: stops at the first record whose link or hash does not add up. */
    private static final class ChainWalk {
        long checked;
        long beforeChain;
        String lastHash;
        Long brokenAt;
        String finding;

        void next(AuditRecord record) {
            if (brokenAt != null) {
                return;
            }
            if (record.hash() == null) {
                if (lastHash == null) {
                    beforeChain++; // written before the chain began
                } else {
                    brokenAt = record.id();
                    finding = "Record #" + record.id() + " has no hash inside the chain.";
                }
                return;
            }
            checked++;
            String expectedPrevious = lastHash == null ? AuditHash.GENESIS : lastHash;
            if (!expectedPrevious.equals(record.previousHash())) {
                brokenAt = record.id();
                finding = "A record just before #" + record.id() + " is missing, or #" + record.id()
                        + " was moved or changed.";
            } else if (!AuditHash.of(record).equals(record.hash())) {
                brokenAt = record.id();
                finding = "Record #" + record.id() + " was changed after it was written.";
            }
            lastHash = record.hash();
        }
    }

    private Map<String, Object> filtered(long organisationId, AuditQuery query, StringBuilder sql) {
        sql.append("SELECT * FROM audit_record WHERE organisation_id = :organisation");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("organisation", organisationId);
        if (present(query.action())) {
            sql.append(" AND action = :action");
            params.put("action", query.action().strip());
        }
        if (present(query.actorContains())) {
            sql.append(" AND actor_email LIKE :actor");
            params.put("actor", Like.containing(query.actorContains().strip()));
        }
        if (present(query.text())) {
            sql.append(" AND (action LIKE :text OR target LIKE :text OR difference LIKE :text)");
            params.put("text", Like.containing(query.text().strip()));
        }
        if (query.from() != null) {
            sql.append(" AND occurred_at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" AND occurred_at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
        return params;
    }

    private static boolean present(String text) {
        return text != null && !text.isBlank();
    }

    private void stream(String sql, Map<String, Object> params, Consumer<AuditRecord> each) {
        streaming.query(sql, params, rs -> {
            each.accept(map(rs, 0));
        });
    }

    private static AuditRecord map(ResultSet rs, int row) throws SQLException {
        return new AuditRecord(rs.getLong("id"), rs.getTimestamp("occurred_at").toInstant(),
                rs.getObject("organisation_id", Long.class), rs.getObject("actor_user_id", Long.class),
                rs.getString("actor_email"), rs.getString("actor_role"), rs.getBoolean("support_acting"),
                rs.getString("action"), rs.getString("target"), rs.getString("outcome"), rs.getString("difference"),
                rs.getString("client_ip"), rs.getString("request_id"), rs.getString("prev_hash"),
                rs.getString("hash"));
    }

    /**
     * Appends one record to its organisation's chain. The chain's head row is locked until the caller's
     * transaction ends, so that records of one organisation are chained one after the other on any node.
     */
    private void insert(AuditEntry entry) {
        AlignUser actor = CurrentUser.get().orElse(null);
        boolean supportActing = actor != null && entry.organisationId() != null
                && actor.currentMembership().map(m -> m.organisationId() != entry.organisationId()).orElse(true)
                && actor.supportStaff() && actor.supportOrganisationId().filter(entry.organisationId()::equals).isPresent();
        if (actor != null && !supportActing && entry.organisationId() != null
                && actor.currentMembership().map(m -> m.organisationId() != entry.organisationId()).orElse(true)) {
            throw new AccessDeniedException("A person's action can only be recorded for their current organisation");
        }
        String role = actor == null ? "SYSTEM"
                : supportActing ? "SUPPORT" : actor.currentRole().map(Enum::name).orElse("SUPPORT");
        insert(entry, actor == null ? null : actor.userId(), actor == null ? "system" : actor.email(), role,
                supportActing);
    }

    /**
     * Sign-in events, recorded before anyone is signed in: the actor is the account named in the attempt
     * (it may not exist), cleaned of control characters, and only if it looks like an e-mail address:
     * people do type their password into the name field, and it must not land here.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    void recordSignIn(AuditEntry entry, Long userId, String account, String role) {
        String typed = TextRules.printable(account == null ? "" : account.trim(), 320).strip();
        insert(entry, userId, typed.matches("[^@\\s]{1,200}@[^@\\s]{1,200}") ? typed : NOT_AN_ADDRESS, role, false);
    }

    private void insert(AuditEntry entry, Long actorId, String email, String role, boolean supportActing) {
        var request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
        long chainKey = AuditHash.chainKey(entry.organisationId());
        String previous = lockHead(chainKey);
        // Micro-second time, as stored: the hash is recomputed from what is read back.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        String target = entry.target() == null ? "" : entry.target();
        String difference = difference(entry.before(), entry.after());
        String ip = clientIp(request);
        String requestId = requestId(request);
        String hash = AuditHash.of(previous, chainKey, at, actorId, email, role, supportActing, entry.action(), target,
                entry.outcome().name(), difference, ip, requestId);
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO audit_record (occurred_at, organisation_id, actor_user_id, actor_email, actor_role,
                                                  support_acting, action, target, outcome, difference, client_ip,
                                                  request_id, prev_hash, hash)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(Timestamp.from(at), entry.organisationId(), actorId, email, role, supportActing, entry.action(),
                        target, entry.outcome().name(), difference, ip, requestId, previous, hash)
                .update(key, "id");
        jdbc.sql("UPDATE audit_chain_head SET last_id = ?, last_hash = ? WHERE chain_key = ?")
                .params(Objects.requireNonNull(key.getKey()).longValue(), hash, chainKey).update();
    }

    /**
     * Locks the chain's head row until the caller's transaction ends and returns the last hash. The row
     * is made once, in a transaction of its own: inserting it in the caller's transaction would take a
     * shared lock first, and two writers upgrading theirs to the row lock would deadlock each other.
     */
    private String lockHead(long chainKey) {
        // A plain read takes no lock: a locking read of a missing row would lock the gap, and the insert below
        // (another transaction) would wait for this one for ever.
        if (jdbc.sql("SELECT COUNT(*) FROM audit_chain_head WHERE chain_key = ?").param(chainKey)
                .query(Integer.class).single() == 0) {
            newChains.executeWithoutResult(tx -> jdbc.sql("INSERT IGNORE INTO audit_chain_head (chain_key) VALUES (?)")
                    .param(chainKey).update());
        }
        String last = jdbc.sql("SELECT last_hash FROM audit_chain_head WHERE chain_key = ? FOR UPDATE").param(chainKey)
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getString(1))).single().orElse(null);
        return last == null ? AuditHash.GENESIS : last;
    }

    /** {"field": {"before": …, "after": …}} for the fields that differ, secrets masked. */
    private String difference(Map<String, ?> before, Map<String, ?> after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(before.keySet());
        after.keySet().stream().filter(name -> !names.contains(name)).forEach(names::add);
        for (String name : names) {
            Object was = before.get(name);
            Object now = after.get(name);
            if (!Objects.equals(was, now)) {
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

    /**
     * Made by the server, once per request (records of one request share it); a client's X-Request-Id is
     * never taken, so nobody can make their records look like someone else's request.
     */
    private static String requestId(HttpServletRequest request) {
        if (request == null) {
            return UUID.randomUUID().toString();
        }
        if (!(request.getAttribute(REQUEST_ID) instanceof String id)) {
            String made = UUID.randomUUID().toString();
            request.setAttribute(REQUEST_ID, made);
            return made;
        }
        return id;
    }
}
