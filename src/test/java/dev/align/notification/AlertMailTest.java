package dev.align.notification;

import com.icegreen.greenmail.util.GreenMail;
import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.TestData;
import dev.align.support.TestMailServer;
import dev.align.support.Tenant;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** E-mail alerts over real SMTP (GreenMail) from notifications in the real database. */
@AlignIntegration
class AlertMailTest {

    @Autowired Notifications notifications;
    @Autowired AlertMailer mailer;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    private final GreenMail smtp = TestMailServer.server();
    private Tenant tenant;

    @BeforeEach
    void freshTenant() {
        // Other test classes' notifications are not this test's business: only what is made here is due.
        jdbc.sql("UPDATE notification SET mail_done_at = CURRENT_TIMESTAMP(6) WHERE mail_done_at IS NULL").update();
        tenant = data.tenant(Plan.BUSINESS);
    }

    @AfterEach
    void signOut() {
        data.logout();
    }

    @Test
    void owners_and_admins_get_each_alert_once_and_members_and_other_organisations_none() throws Exception {
        Tenant other = data.tenant(Plan.BUSINESS);
        String key = "test.key-expiring:" + UUID.randomUUID();
        assertThat(notifications.notifyOnce(tenant.id(), key, "Illumera key expires soon",
                "Illumera key ilm_…0001 expires on 2026-12-16: create a new key — «ключ» ✓.")).isTrue();
        assertThat(notifications.notifyOnce(tenant.id(), key, "Illumera key expires soon", "again")).isFalse();

        mailer.sendDue();
        mailer.sendDue();

        assertThat(recipients(tenant.owner())).hasSize(1);
        assertThat(recipients(tenant.admin())).hasSize(1);
        assertThat(recipients(tenant.member())).isEmpty();
        assertThat(recipients(other.owner())).isEmpty();
        MimeMessage mail = recipients(tenant.owner()).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Align · " + tenant.name() + ": Illumera key expires soon");
        assertThat(mail.getRecipients(Message.RecipientType.TO)).as("one person per message")
                .extracting(to -> ((InternetAddress) to).getAddress()).containsExactly(tenant.owner());
        assertThat(text(mail)).contains("expires on 2026-12-16: create a new key — «ключ» ✓.")
                .contains("Organisation: " + tenant.name()).contains("untick \"E-mail me these alerts\"");
        assertThat(data.count("SELECT COUNT(*) FROM notification_mail m JOIN notification n ON n.id = m.notification_id"
                + " WHERE n.organisation_id = ?", tenant.id())).isEqualTo(2);
    }

    @Test
    void a_person_who_opts_out_gets_none_from_that_organisation_and_can_opt_in_again() throws Exception {
        data.login(tenant.admin());
        assertThat(notifications.emailAlerts()).isEqualTo(new Notifications.EmailAlerts(true, true, tenant.admin()));
        notifications.emailAlerts(false);
        assertThat(notifications.emailAlerts().on()).isFalse();
        notifications.emailAlerts(false); // twice is the same choice

        notifications.notifyOnce(tenant.id(), "test.paused:" + UUID.randomUUID(), "Illumera sync paused", "Paused.");
        mailer.sendDue();
        assertThat(recipients(tenant.owner())).hasSize(1);
        assertThat(recipients(tenant.admin())).as("opted out").isEmpty();

        notifications.emailAlerts(true);
        notifications.notifyOnce(tenant.id(), "test.paused:" + UUID.randomUUID(), "Illumera sync paused", "Paused.");
        mailer.sendDue();
        assertThat(recipients(tenant.owner())).hasSize(2);
        assertThat(recipients(tenant.admin())).hasSize(1);
    }

    @Test
    void an_smtp_outage_is_retried_later_and_nobody_is_mailed_twice() throws Exception {
        notifications.notifyOnce(tenant.id(), "test.failing:" + UUID.randomUUID(), "Illumera sync keeps failing", "Failing.");
        long id = data.count("SELECT MAX(id) FROM notification WHERE organisation_id = ?", tenant.id());

        unreachableServer().sendDue();
        Map<String, Object> after = jdbc.sql("SELECT mail_attempts, mail_next_at > NOW(6) AS later, mail_done_at, mail_error"
                + " FROM notification WHERE id = ?").param(id).query().singleRow();
        assertThat(after.get("mail_attempts")).isEqualTo(1);
        assertThat(after.get("later")).as("backoff: tried again later, not at the next tick").isIn(1, 1L, true);
        assertThat(after.get("mail_done_at")).isNull();
        assertThat((String) after.get("mail_error")).isNotBlank();

        mailer.sendDue();
        assertThat(recipients(tenant.owner())).as("not due yet").isEmpty();

        // The owner's mail went out before a node died (its row is there); the admin's did not.
        jdbc.sql("INSERT INTO notification_mail (notification_id, user_id, sent_at) SELECT ?, id, NOW(6) FROM app_user"
                + " WHERE email = ?").params(id, tenant.owner()).update();
        jdbc.sql("UPDATE notification SET mail_next_at = NOW(6) - INTERVAL 1 SECOND WHERE id = ?").param(id).update();
        mailer.sendDue();

        assertThat(recipients(tenant.owner())).isEmpty();
        assertThat(recipients(tenant.admin())).hasSize(1);
        assertThat(data.count("SELECT COUNT(*) FROM notification WHERE id = ? AND mail_done_at IS NOT NULL"
                + " AND mail_error IS NULL", id)).isEqualTo(1);
    }

    @Test
    void mailing_is_given_up_after_the_last_attempt() {
        notifications.notifyOnce(tenant.id(), "test.expired:" + UUID.randomUUID(), "Illumera key expired: sync paused", "x");
        long id = data.count("SELECT MAX(id) FROM notification WHERE organisation_id = ?", tenant.id());
        jdbc.sql("UPDATE notification SET mail_attempts = ? WHERE id = ?").params(AlertMailer.MAX_ATTEMPTS - 1, id).update();

        unreachableServer().sendDue();

        assertThat(data.count("SELECT COUNT(*) FROM notification WHERE id = ? AND mail_done_at IS NOT NULL"
                + " AND mail_attempts = ? AND mail_error IS NOT NULL", id, AlertMailer.MAX_ATTEMPTS)).isEqualTo(1);
    }

    @Test
    void a_name_cannot_add_headers_and_any_unicode_reaches_the_subject() throws Exception {
        jdbc.sql("UPDATE organisation SET name = ? WHERE id = ?")
                .params("Ünïcødé 🚀\r\nBcc: victim@test.example", tenant.id()).update();
        notifications.notifyOnce(tenant.id(), "test.paused:" + UUID.randomUUID(), "Illumera sync paused", "Paused.");

        mailer.sendDue();

        MimeMessage mail = recipients(tenant.owner()).getFirst();
        assertThat(mail.getSubject()).isEqualTo("Align · Ünïcødé 🚀 Bcc: victim@test.example: Illumera sync paused");
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(recipients("victim@test.example")).isEmpty();
        assertThat(AlertMailer.oneLine("x".repeat(198) + "🚀🚀")).as("never half a character")
                .isEqualTo("x".repeat(198) + "…");
    }

    @Test
    void without_an_smtp_host_nothing_is_sent_and_people_are_told_so() {
        AlertMailer off = mailer(null, "");
        assertThat(off.on()).isFalse();
        notifications.notifyOnce(tenant.id(), "test.paused:" + UUID.randomUUID(), "Illumera sync paused", "Paused.");
        off.sendDue();
        assertThat(data.count("SELECT COUNT(*) FROM notification WHERE organisation_id = ? AND mail_attempts = 0"
                + " AND mail_done_at IS NULL", tenant.id())).isEqualTo(1);
        assertThat(mailer(new JavaMailSenderImpl(), " ").on()).as("an empty SPRING_MAIL_HOST is no server").isFalse();
    }

    private AlertMailer unreachableServer() {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(closedPort);
        return mailer(sender, "127.0.0.1");
    }

    private AlertMailer mailer(JavaMailSender sender, String host) {
        var beans = new StaticListableBeanFactory(sender == null ? Map.of() : Map.of("mailSender", sender));
        return new AlertMailer(beans.getBeanProvider(JavaMailSender.class), jdbc, Clock.systemUTC(),
                new SimpleMeterRegistry(), host, "Align <no-reply@localhost>", "http://127.0.0.1:8080");
    }

    private List<MimeMessage> recipients(String email) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> ((InternetAddress) a).getAddress().equals(email));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String text(MimeMessage mail) throws Exception {
        return String.valueOf(mail.getContent());
    }
}
