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

    /** A person's e-mail alerts in the current organisation: whether the server can send any, and theirs. */
    public record EmailAlerts(boolean available, boolean on, String address) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AlertMailer mailer;

    Notifications(JdbcClient jdbc, Clock clock, AlertMailer mailer) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.mailer = mailer;
    }

    /**
     * Made by the system (checks, the sync); returns whether it is new. The title is the e-mail's subject
     * (after the organisation's name); Owners and Admins are mailed once per notification.
     */
    @Transactional
    public boolean notifyOnce(long organisationId, String dedupeKey, String title, String message) {
        return jdbc.sql("INSERT IGNORE INTO notification (organisation_id, dedupe_key, title, message) VALUES (?, ?, ?, ?)")
                .params(organisationId, dedupeKey, title, message).update() == 1;
    }

    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public EmailAlerts emailAlerts() {
        var me = CurrentUser.require();
        boolean optedOut = jdbc.sql("SELECT COUNT(*) FROM alert_mail_opt_out WHERE organisation_id = ? AND user_id = ?")
                .params(CurrentUser.organisationId(), me.userId()).query(Long.class).single() > 0;
        return new EmailAlerts(mailer.on(), !optedOut, me.email());
    }

    /** The current person's choice for the current organisation (Owners and Admins get alerts unless they opt out). */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void emailAlerts(boolean on) {
        long organisationId = CurrentUser.organisationId();
        long userId = CurrentUser.require().userId();
        if (on) {
            jdbc.sql("DELETE FROM alert_mail_opt_out WHERE organisation_id = ? AND user_id = ?")
                    .params(organisationId, userId).update();
        } else {
            jdbc.sql("INSERT IGNORE INTO alert_mail_opt_out (organisation_id, user_id, opted_out_at) VALUES (?, ?, ?)")
                    .params(organisationId, userId, Timestamp.from(clock.instant())).update();
        }
    }

    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public List<Notification> unread() {
        return jdbc.sql("""
                        SELECT id, title, message, created_at FROM notification
                        WHERE organisation_id = ? AND dismissed_at IS NULL ORDER BY created_at DESC, id DESC""")
                .param(CurrentUser.organisationId())
                .query((rs, n) -> new Notification(rs.getLong("id"), rs.getString("title"), rs.getString("message"),
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
