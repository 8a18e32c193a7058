package dev.align.outbox;

import dev.align.security.CurrentUser;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.align.security.Access;
import org.springframework.security.access.prepost.PreAuthorize;

import java.time.Instant;
import java.util.List;
import java.util.TreeSet;

/**
 * The transactional outbox of Align's work changes (docs/decisions/0002-outbox.md). A change is
 * written in the transaction that makes it, or not at all; readers (the sync, workflow triggers)
 * follow the ascending id per organisation.
 */
@Service
public class Outbox {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    Outbox(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Must join the caller's transaction: a change recorded outside one could outlive a rollback. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(WorkChange change) {
        // The caller's organisation: a person's current one, or the one the sync acts for.
        if (change.organisationId() != CurrentUser.organisationId()) {
            throw new AccessDeniedException("A change can only be recorded for the caller's current organisation");
        }
        jdbc.sql("""
                        INSERT INTO work_change (organisation_id, change_type, record_id, changed_fields,
                                                 status_changed, origin, actor_user_id)
                        VALUES (:organisation, :type, :record, :fields, :statusChanged, :origin, :actor)""")
                .param("organisation", change.organisationId())
                .param("type", change.type().name())
                .param("record", change.recordId())
                .param("fields", String.join(",", new TreeSet<>(change.changedFields())))
                .param("statusChanged", change.statusChanged())
                .param("origin", change.origin().name())
                .param("actor", change.actorUserId())
                .update();
        // For listeners after commit (the sync pushes a person's change at once); the row stays the truth.
        events.publishEvent(change);
    }

    /** A recorded change as a reader sees it: what changed (the status among it?), and who (a person or the sync). */
    public record Recorded(long position, ChangeType type, long recordId, boolean statusChanged, ChangeOrigin origin,
                           Instant occurredAt) {
    }

    /**
     * The sync's organisation's changes after {@code position}, oldest first. Ids are handed out
     * before commit, so a change may become visible after a later one: readers keep a short
     * look-back ({@code occurredAt}) rather than trusting that positions arrive in order.
     */
    @PreAuthorize(Access.SYNC)
    @Transactional(readOnly = true)
    public List<Recorded> after(long position, int limit) {
        return jdbc.sql("""
                        SELECT id, change_type, record_id, status_changed, origin, occurred_at FROM work_change
                        WHERE organisation_id = ? AND id > ? ORDER BY id LIMIT ?""")
                .params(CurrentUser.organisationId(), position, limit)
                .query((rs, n) -> new Recorded(rs.getLong("id"), ChangeType.valueOf(rs.getString("change_type")),
                        rs.getLong("record_id"), rs.getBoolean("status_changed"), ChangeOrigin.valueOf(rs.getString("origin")),
                        rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }

    /**
     * The newest position of the sync's organisation recorded before {@code before} (database time;
     * 0 when none): a reader starting there misses no change that commits late.
     */
    @PreAuthorize(Access.SYNC)
    @Transactional(readOnly = true)
    public long latestPosition(Instant before) {
        return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM work_change WHERE organisation_id = ? AND occurred_at < ?")
                .params(CurrentUser.organisationId(), java.sql.Timestamp.from(before)).query(Long.class).single();
    }
}
