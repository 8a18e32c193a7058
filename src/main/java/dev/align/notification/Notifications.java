package dev.align.notification;

import dev.align.base.NotFoundException;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/**
 * In-app notifications for an organisation's Owners and Admins ("Illumera key expires in 14 days").
 * A notification with the same key is made once, so repeated checks do not pile up.
 */
@Service
public class Notifications {

    private final JdbcClient jdbc;
    private final Clock clock;

    Notifications(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Made by the system (checks, the sync); returns whether it is new. */
    @Transactional
    public boolean notifyOnce(long organisationId, String dedupeKey, String message) {
        return jdbc.sql("INSERT IGNORE INTO notification (organisation_id, dedupe_key, message) VALUES (?, ?, ?)")
                .params(organisationId, dedupeKey, message).update() == 1;
    }

    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public List<Notification> unread() {
        return jdbc.sql("""
                        SELECT id, message, created_at FROM notification
                        WHERE organisation_id = ? AND dismissed_at IS NULL ORDER BY created_at DESC, id DESC""")
                .param(CurrentUser.organisationId())
                .query((rs, n) -> new Notification(rs.getLong("id"), rs.getString("message"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void dismiss(long notificationId) {
        int changed = jdbc.sql("""
                        UPDATE notification SET dismissed_at = ?, dismissed_by = ?
                        WHERE id = ? AND organisation_id = ? AND dismissed_at IS NULL""")
                .params(Timestamp.from(clock.instant()), CurrentUser.require().userId(), notificationId,
                        CurrentUser.organisationId())
                .update();
        if (changed == 0 && jdbc.sql("SELECT COUNT(*) FROM notification WHERE id = ? AND organisation_id = ?")
                .params(notificationId, CurrentUser.organisationId()).query(Long.class).single() == 0) {
            throw new NotFoundException("Notification", notificationId);
        }
    }
}
