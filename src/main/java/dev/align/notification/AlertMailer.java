package dev.align.notification;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

import java.io.UnsupportedEncodingException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Mails each new notification to its organisation's Owners and Admins who have not opted out, one message per
 * person (addresses are not shown to each other). The notification's dedupe key makes it one e-mail per event,
 * not per run. Delivery is at least once: a node that dies between the SMTP server's acceptance and the row
 * that records it mails that person again on the next round. Off when no SMTP server is configured.
 */
@Component
class AlertMailer {

    private static final Logger log = LoggerFactory.getLogger(AlertMailer.class);
    /** After this many failed rounds a notification's mailing is given up (about 4 hours in all). */
    static final int MAX_ATTEMPTS = 8;
    /** 30 s, 1 min, 2 min, … up to 2 h, each ±25 % (resilience4j's backoff, for stored retries). */
    static final IntervalFunction BACKOFF = IntervalFunction.ofExponentialRandomBackoff(Duration.ofSeconds(30), 2.0,
            0.25, Duration.ofHours(2));
    /** Notifications older than this are not mailed any more (e.g. made while mail was off). */
    static final Duration MAX_AGE = Duration.ofDays(1);
    private static final int PER_ROUND = 100;

    private record Due(long id, long organisationId, String organisation, String title, String message, int attempts) {
    }

    record Recipient(long userId, String email, String name) {
    }

    private final ObjectProvider<JavaMailSender> senders;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final MeterRegistry meters;
    private final String host;
    private final String from;
    private final String baseUrl;

    AlertMailer(ObjectProvider<JavaMailSender> senders, JdbcClient jdbc, Clock clock, MeterRegistry meters,
                @Value("${spring.mail.host:}") String host, @Value("${align.mail.from}") String from,
                @Value("${align.public-base-url:}") String baseUrl) {
        this.senders = senders;
        this.jdbc = jdbc;
        this.clock = clock;
        this.meters = meters;
        this.host = host;
        this.from = from;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** Whether an SMTP server is configured (an empty SPRING_MAIL_HOST counts as none). */
    boolean on() {
        return StringUtils.hasText(host) && senders.getIfAvailable() != null;
    }

    @Scheduled(fixedDelayString = "${align.mail.tick:PT30S}", initialDelayString = "${align.mail.tick:PT30S}")
    @SchedulerLock(name = "align-alert-mail", lockAtMostFor = "PT10M")
    public void sendDue() {
        if (!on()) {
            return;
        }
        Instant now = clock.instant();
        List<Due> due = jdbc.sql("""
                        SELECT n.id, n.organisation_id, o.name, n.title, n.message, n.mail_attempts
                        FROM notification n JOIN organisation o ON o.id = n.organisation_id
                        WHERE n.mail_done_at IS NULL AND n.created_at >= ? AND (n.mail_next_at IS NULL OR n.mail_next_at <= ?)
                        ORDER BY n.id LIMIT ?""")
                .params(Timestamp.from(now.minus(MAX_AGE)), Timestamp.from(now), PER_ROUND)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6)))
                .list();
        JavaMailSender sender = senders.getObject();
        for (Due notification : due) {
            try {
                for (Recipient recipient : waiting(notification)) {
                    sender.send(message -> compose(new MimeMessageHelper(message, false, "UTF-8"), notification, recipient));
                    jdbc.sql("INSERT IGNORE INTO notification_mail (notification_id, user_id, sent_at) VALUES (?, ?, ?)")
                            .params(notification.id(), recipient.userId(), Timestamp.from(clock.instant())).update();
                    meters.counter("align.mail.sent").increment();
                }
                jdbc.sql("UPDATE notification SET mail_done_at = ?, mail_error = NULL WHERE id = ?")
                        .params(Timestamp.from(clock.instant()), notification.id()).update();
            } catch (MailException e) {
                failed(notification, e);
            }
        }
    }

    /** Owners and Admins of the notification's organisation still to be mailed. */
    private List<Recipient> waiting(Due notification) {
        return jdbc.sql("""
                        SELECT u.id, u.email, u.display_name FROM membership m JOIN app_user u ON u.id = m.user_id
                        WHERE m.organisation_id = ? AND m.role IN ('OWNER', 'ADMIN') AND u.enabled
                          AND NOT EXISTS (SELECT 1 FROM alert_mail_opt_out o
                                          WHERE o.organisation_id = m.organisation_id AND o.user_id = m.user_id)
                          AND NOT EXISTS (SELECT 1 FROM notification_mail s
                                          WHERE s.notification_id = ? AND s.user_id = m.user_id)
                        ORDER BY u.id""")
                .params(notification.organisationId(), notification.id())
                .query((rs, n) -> new Recipient(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    private void compose(MimeMessageHelper mail, Due notification, Recipient recipient) throws MessagingException {
        try {
            mail.setTo(new InternetAddress(recipient.email(), oneLine(recipient.name()), "UTF-8"));
        } catch (UnsupportedEncodingException impossible) {
            throw new IllegalStateException(impossible);
        }
        mail.setFrom(from);
        mail.setSubject(oneLine("Align · " + notification.organisation() + ": "
                + (notification.title() == null ? "Notification" : notification.title())));
        StringBuilder text = new StringBuilder(notification.message()).append("\n\nOrganisation: ")
                .append(notification.organisation()).append('\n');
        if (!baseUrl.isEmpty()) {
            text.append("Open Align: ").append(baseUrl).append("/settings/add-ons\n");
        }
        text.append("\nYou receive this e-mail as an Owner or Admin of ").append(notification.organisation())
                .append(". To stop e-mail alerts from this organisation, open the bell in Align's header and untick"
                        + " \"E-mail me these alerts\".\n");
        mail.setText(text.toString());
    }

    private void failed(Due notification, MailException e) {
        int attempts = notification.attempts() + 1;
        boolean giveUp = attempts >= MAX_ATTEMPTS;
        Instant now = clock.instant();
        String error = String.valueOf(e.getMostSpecificCause().getMessage());
        jdbc.sql("UPDATE notification SET mail_attempts = ?, mail_next_at = ?, mail_done_at = ?, mail_error = ? WHERE id = ?")
                .params(attempts, Timestamp.from(now.plusMillis(BACKOFF.apply(attempts))),
                        giveUp ? Timestamp.from(now) : null, error.length() > 500 ? error.substring(0, 500) : error,
                        notification.id())
                .update();
        meters.counter("align.mail.failed").increment();
        log.warn("E-mail alert {} of organisation {} not sent (attempt {}{}): {}", notification.id(),
                notification.organisationId(), attempts, giveUp ? ", given up" : "", e.toString());
    }

    /** Header text: no line breaks or other control characters (a name cannot add headers), at most 200 chars. */
    static String oneLine(String text) {
        String flat = text.replaceAll("\\p{Cntrl}+", " ").strip();
        if (flat.length() <= 200) {
            return flat;
        }
        int end = Character.isHighSurrogate(flat.charAt(198)) ? 198 : 199; // never half a character
        return flat.substring(0, end) + "…";
    }
}
