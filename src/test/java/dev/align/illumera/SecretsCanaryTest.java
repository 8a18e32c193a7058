package dev.align.illumera;

import dev.align.audit.AuditQuery;
import dev.align.audit.AuditTrail;
import dev.align.notification.Notifications;
import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.SandboxAdmin;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs last (see junit-platform.properties): a canary API key goes through connect, a failing
 * connect and disconnect; afterwards it appears in no log line of the whole test run, no audit
 * record, no notification, no answer of the add-on's service, and nowhere in clear in the database.
 */
@AlignIntegration
@Order(Integer.MAX_VALUE)
class SecretsCanaryTest {

    static final String CANARY = "ilm_test_CanaryCanaryCanaryCanaryCanary00";
    static final String EXPIRED_CANARY = "ilm_test_ExpiredCanaryExpiredCanaryExpi01";

    @Autowired IllumeraAddOnService addOn;
    @Autowired AuditTrail audit;
    @Autowired Notifications notifications;
    @Autowired SandboxAdmin sandbox;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;

    @AfterEach
    void tearDown() {
        data.logout();
    }

    @Test
    void the_canary_key_leaks_nowhere() throws Exception {
        sandbox.post("/admin/keys", "{\"workspaceIds\": [\"ws_AlignDemo\"], \"key\": \"" + CANARY + "\"}");
        sandbox.post("/admin/keys", "{\"workspaceIds\": [\"ws_AlignDemo\"], \"expiresInSeconds\": 0, \"key\": \""
                + EXPIRED_CANARY + "\"}");
        Tenant tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.owner());

        var answers = new StringBuilder();
        answers.append(addOn.testConnection(CANARY, "ws_AlignDemo"));
        answers.append(addOn.connect(CANARY, "ws_AlignDemo"));
        answers.append(addOn.card());
        answers.append(addOn.settings());
        assertThatThrownBy(() -> addOn.connect(EXPIRED_CANARY, "ws_AlignDemo"))
                .satisfies(e -> answers.append(e.getMessage()).append(e));
        answers.append(addOn.disconnect());

        assertThat(answers.toString()).doesNotContain(CANARY).doesNotContain(EXPIRED_CANARY)
                .contains("ilm_test_…ry00");
        assertThat(audit.forOrganisation(AuditQuery.all(), null, 100).toString()).doesNotContain(CANARY);
        assertThat(notifications.unread().toString()).doesNotContain(CANARY);
        for (String column : java.util.List.of("audit_record.difference", "audit_record.target",
                "sealed_secret.ciphertext", "illumera_connection.key_mask", "illumera_settings.settings",
                "notification.message")) {
            String[] place = column.split("\\.");
            assertThat(data.count("SELECT COUNT(*) FROM " + place[0] + " WHERE " + place[1] + " LIKE ?", "%anaryCanary%"))
                    .as(column).isZero();
        }
        Path log = Path.of("target", "test-logs", "align-tests.log");
        assertThat(log).exists();
        assertThat(Files.readString(log)).doesNotContain("CanaryCanary").doesNotContain("ExpiredCanary");
    }
}
