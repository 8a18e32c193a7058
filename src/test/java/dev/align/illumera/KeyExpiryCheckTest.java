package dev.align.illumera;

import dev.align.audit.AuditQuery;
import dev.align.audit.AuditTrail;
import dev.align.notification.Notifications;
import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import net.javacrumbs.shedlock.core.LockAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@AlignIntegration
class KeyExpiryCheckTest {

    @Autowired KeyExpiryCheck check;
    @Autowired IllumeraAddOnService addOn;
    @Autowired Notifications notifications;
    @Autowired AuditTrail audit;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    Tenant tenant;

    @BeforeEach
    void setUp() {
        LockAssert.TestHelper.makeAllAssertsPass(true); // called directly, not through the scheduler's lock
        tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.owner());
        addOn.connect("ilm_test_AlignDemoValidKey000000000000001", "ws_AlignDemo");
        data.logout();
    }

    @AfterEach
    void tearDown() {
        LockAssert.TestHelper.makeAllAssertsPass(false);
        data.logout();
    }

    private void expiresIn(String interval) {
        jdbc.sql("UPDATE illumera_connection SET key_expires_at = DATE_ADD(NOW(6), INTERVAL " + interval
                + ") WHERE organisation_id = ?").param(tenant.id()).update();
    }

    @Test
    void a_key_within_fourteen_days_of_expiry_is_announced_once() {
        expiresIn("10 DAY");

        check.checkAll();
        check.checkAll();

        data.login(tenant.admin());
        assertThat(notifications.unread()).singleElement()
                .satisfies(notice -> assertThat(notice.message()).contains("expires on").contains("ilm_test_…0001"));
        assertThat(addOn.card().state()).isEqualTo(CardState.KEY_EXPIRING);
    }

    @Test
    void an_expired_key_pauses_the_connection_tells_owners_and_admins_and_is_audited() {
        expiresIn("-1 HOUR");

        check.checkAll();
        check.checkAll();

        data.login(tenant.owner());
        assertThat(addOn.card().state()).isEqualTo(CardState.KEY_EXPIRED);
        assertThat(addOn.card().detail()).contains("sync is paused");
        assertThat(notifications.unread()).singleElement()
                .satisfies(notice -> assertThat(notice.message()).contains("expired — sync with"));
        var records = audit.forOrganisation(AuditQuery.action("illumera.key-expired"), null, 10);
        assertThat(records).singleElement().satisfies(r -> assertThat(r.actorRole()).isEqualTo("SYSTEM"));

        assertThat(addOn.connect("ilm_test_AlignDemoValidKey000000000000001", "ws_AlignDemo").state())
                .as("a new key ends the pause").isEqualTo(CardState.CONNECTED);
    }

    @Test
    void keys_far_from_expiry_are_left_alone() {
        expiresIn("60 DAY");

        check.checkAll();

        data.login(tenant.owner());
        assertThat(notifications.unread()).isEmpty();
        assertThat(addOn.card().state()).isEqualTo(CardState.CONNECTED);
    }
}
