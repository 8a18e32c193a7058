package dev.align.illumera;

import dev.align.audit.AuditQuery;
import dev.align.audit.AuditTrail;
import dev.align.base.InvalidInputException;
import dev.align.illumera.ConnectionTest.Failure;
import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connecting to Illumera, against the sandbox over HTTP: every reason a test can fail, and what is kept. */
@AlignIntegration
class IllumeraConnectionTest {

    static final String DEMO_KEY = "ilm_test_AlignDemoValidKey000000000000001";
    static final String EXPIRED_KEY = "ilm_test_AlignDemoExpiredKey0000000000001";
    static final String OTHER_KEY = "ilm_test_AlignDemoOtherKey000000000000001";
    static final String DEMO_WORKSPACE = "ws_AlignDemo";

    @Autowired IllumeraAddOnService addOn;
    @Autowired AuditTrail audit;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired dev.align.support.SandboxAdmin sandbox;

    Tenant tenant;

    @BeforeEach
    void setUp() {
        tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.admin());
    }

    @AfterEach
    void tearDown() {
        data.logout();
    }

    private long stored(String table) {
        return data.count("SELECT COUNT(*) FROM " + table + " WHERE organisation_id = ?", tenant.id());
    }

    @Test
    void the_demo_key_opens_the_demo_workspace() {
        ConnectionTest test = addOn.testConnection(DEMO_KEY, DEMO_WORKSPACE);

        assertThat(test.passed()).isTrue();
        assertThat(test.workspaceName()).isEqualTo("Acme (Illumera)");
        assertThat(test.keyExpiresAt()).isNotNull();
        assertThat(stored("illumera_connection")).isZero();
    }

    @Test
    void each_failure_has_its_own_reason_in_words_and_nothing_is_stored() {
        assertThat(addOn.testConnection("ilm_test_" + "Z".repeat(32), DEMO_WORKSPACE).failure()).isEqualTo(Failure.WRONG_KEY);
        assertThat(addOn.testConnection(EXPIRED_KEY, DEMO_WORKSPACE).failure()).isEqualTo(Failure.KEY_EXPIRED);
        ConnectionTest forbidden = addOn.testConnection(OTHER_KEY, DEMO_WORKSPACE);
        assertThat(forbidden.failure()).isEqualTo(Failure.NO_ACCESS_TO_WORKSPACE);
        assertThat(forbidden.message()).contains(DEMO_WORKSPACE);
        assertThat(addOn.testConnection(DEMO_KEY, "ws_doesNotExist").failure()).isEqualTo(Failure.UNKNOWN_WORKSPACE);

        assertThatThrownBy(() -> addOn.connect(EXPIRED_KEY, DEMO_WORKSPACE))
                .isInstanceOfSatisfying(ConnectionRefused.class, e -> assertThat(e.test().failure())
                        .isEqualTo(Failure.KEY_EXPIRED));
        assertThat(stored("illumera_connection")).isZero();
        assertThat(stored("sealed_secret")).isZero();
    }

    @Test
    void an_unreachable_illumera_is_reported_as_such() {
        var key = sandbox.newKey(DEMO_WORKSPACE, null);
        sandbox.post("/admin/faults", "{\"keyId\": \"" + key.keyId() + "\", \"errorRate\": 1.0, \"latencyMillis\": 0}");

        ConnectionTest test = addOn.testConnection(key.key(), DEMO_WORKSPACE);

        assertThat(test.failure()).isEqualTo(Failure.UNREACHABLE);
        assertThat(test.message()).contains("try again");
    }


    @Test
    void an_illumera_that_answers_nonsense_is_reported_as_such_and_nothing_is_stored() {
        var key = sandbox.newKey(DEMO_WORKSPACE, null);
        sandbox.post("/admin/faults", "{\"keyId\": \"" + key.keyId() + "\", \"nonsenseRate\": 1.0}");

        assertThat(addOn.testConnection(key.key(), DEMO_WORKSPACE).failure()).isEqualTo(Failure.NONSENSE);
        assertThatThrownBy(() -> addOn.connect(key.key(), DEMO_WORKSPACE)).isInstanceOf(ConnectionRefused.class);
        assertThat(stored("illumera_connection")).isZero();
    }

    @Test
    void malformed_input_is_refused_on_its_field_without_calling_illumera() {
        assertThatThrownBy(() -> addOn.testConnection("my password", "ws one"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("apiKey", "workspaceId"));
        assertThatThrownBy(() -> addOn.testConnection("", ""))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("apiKey", "This field is required."));
    }

    @Test
    void connecting_stores_the_key_sealed_shows_only_its_mask_and_is_audited_once() {
        AddOnCard card = addOn.connect(DEMO_KEY, DEMO_WORKSPACE);

        assertThat(card.state()).isEqualTo(CardState.CONNECTED);
        assertThat(card.headline()).isEqualTo("Connected to Acme (Illumera)");
        assertThat(card.detail()).contains("ilm_test_…0001").doesNotContain(DEMO_KEY);
        assertThat(jdbc.sql("SELECT ciphertext FROM sealed_secret WHERE organisation_id = ?").param(tenant.id())
                .query(String.class).single()).doesNotContain("AlignDemo");
        var records = audit.forOrganisation(AuditQuery.action("illumera.connect"), null, 10);
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().difference()).contains("ilm_test_…0001").doesNotContain(DEMO_KEY);
    }

    @Test
    void disconnecting_forgets_the_key_keeps_the_workspace_and_reconnecting_resumes() {
        addOn.connect(DEMO_KEY, DEMO_WORKSPACE);

        AddOnCard card = addOn.disconnect();

        assertThat(card.state()).isEqualTo(CardState.NOT_CONNECTED);
        assertThat(stored("sealed_secret")).isZero();
        assertThat(jdbc.sql("SELECT workspace_id FROM illumera_connection WHERE organisation_id = ?").param(tenant.id())
                .query(String.class).single()).isEqualTo(DEMO_WORKSPACE);
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.disconnect"), null, 10)).hasSize(1);
        assertThatThrownBy(() -> addOn.disconnect()).isInstanceOf(InvalidInputException.class);

        assertThat(addOn.connect(DEMO_KEY, DEMO_WORKSPACE).state()).isEqualTo(CardState.CONNECTED);
        assertThat(stored("illumera_connection")).isEqualTo(1);
        assertThat(stored("sealed_secret")).isEqualTo(1);
    }

    @Test
    void a_key_about_to_expire_or_expired_shows_on_the_card() {
        addOn.connect(DEMO_KEY, DEMO_WORKSPACE);
        jdbc.sql("UPDATE illumera_connection SET key_expires_at = DATE_ADD(NOW(6), INTERVAL 10 DAY) WHERE organisation_id = ?")
                .param(tenant.id()).update();
        assertThat(addOn.card().state()).isEqualTo(CardState.KEY_EXPIRING);
        assertThat(addOn.card().headline()).matches("Key expires in (9|10) days");

        jdbc.sql("UPDATE illumera_connection SET key_expires_at = DATE_SUB(NOW(6), INTERVAL 1 DAY) WHERE organisation_id = ?")
                .param(tenant.id()).update();
        assertThat(addOn.card().state()).isEqualTo(CardState.KEY_EXPIRED);
    }

    @Test
    void members_support_and_plans_without_the_add_on_cannot_connect() {
        data.login(tenant.member());
        assertThatThrownBy(() -> addOn.testConnection(DEMO_KEY, DEMO_WORKSPACE)).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> addOn.connect(DEMO_KEY, DEMO_WORKSPACE)).isInstanceOf(AccessDeniedException.class);
        data.login(tenant.owner());
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.connect"), null, 10))
                .as("the member's refused attempt, recorded once, without the key")
                .singleElement().satisfies(record -> {
                    assertThat(record.outcome()).isEqualTo("DENIED");
                    assertThat(record.actorEmail()).isEqualTo(tenant.member());
                    assertThat(record.toString()).doesNotContain(DEMO_KEY);
                });
        data.login(tenant.member());
        data.login(data.supportUser());
        assertThatThrownBy(() -> addOn.connect(DEMO_KEY, DEMO_WORKSPACE)).isInstanceOf(AccessDeniedException.class);

        data.login(data.tenant(Plan.STARTER).owner());
        assertThatThrownBy(() -> addOn.connect(DEMO_KEY, DEMO_WORKSPACE))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsKey("plan"));
    }
}
