package dev.align.audit;

import dev.align.audit.AuditEntry.Outcome;
import dev.align.base.InvalidInputException;
import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@AlignIntegration
class AuditTrailTest {

    @Autowired AuditTrail audit;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired PlatformTransactionManager transactions;

    Tenant acme;

    @BeforeEach
    void setUp() {
        acme = data.tenant(Plan.BUSINESS);
    }

    @AfterEach
    void tearDown() {
        data.logout();
    }

    private void record(String action, String target, Map<String, ?> before, Map<String, ?> after) {
        new TransactionTemplate(transactions).executeWithoutResult(tx ->
                audit.record(new AuditEntry(acme.id(), action, target, Outcome.DONE, before, after)));
    }

    @Test
    void a_change_is_one_record_with_who_what_and_the_difference() {
        data.login(acme.admin());

        record("illumera.policy", "conflict policy", Map.of("policy", "ASK_ME", "direction", "BIDIRECTIONAL"),
                Map.of("policy", "ALIGN_WINS", "direction", "BIDIRECTIONAL"));

        var records = audit.forOrganisation(AuditQuery.all(), 0, 10);
        assertThat(records).hasSize(1);
        var only = records.getFirst();
        assertThat(only.actorEmail()).isEqualTo(acme.admin());
        assertThat(only.actorRole()).isEqualTo("ADMIN");
        assertThat(only.action()).isEqualTo("illumera.policy");
        assertThat(only.outcome()).isEqualTo("DONE");
        assertThat(only.difference()).isEqualTo("{\"policy\":{\"before\":\"ASK_ME\",\"after\":\"ALIGN_WINS\"}}");
        assertThat(only.requestId()).isNotBlank();
    }

    @Test
    void the_database_refuses_to_change_or_delete_records() {
        data.login(acme.owner());
        record("illumera.connect", "ws_1", Map.of(), Map.of("workspace", "ws_1"));

        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_record SET action = 'nothing' WHERE organisation_id = ?")
                .param(acme.id()).update()).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_record WHERE organisation_id = ?").param(acme.id()).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
        assertThat(audit.forOrganisation(AuditQuery.all(), 0, 10)).extracting(AuditRecord::action)
                .containsExactly("illumera.connect");
    }

    @Test
    void injection_shaped_text_is_stored_exactly_as_given() {
        data.login(acme.owner());
        String target = "<script>alert('x')</script>\n2026-11-29 INFO forged log line; DROP TABLE audit_record; -- ✓";

        record("illumera.mapping", target, Map.of("name", "a"), Map.of("name", "<b>b</b>"));

        var stored = audit.forOrganisation(AuditQuery.all(), 0, 1).getFirst();
        assertThat(stored.target()).isEqualTo(target);
        assertThat(stored.difference()).contains("<b>b</b>");
    }

    @Test
    void secrets_never_reach_the_trail() {
        data.login(acme.owner());
        String key = "ilm_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

        record("illumera.connect", "ws_1", Map.of(), Map.of("apiKey", key, "note", "pasted " + key + " by mistake",
                "signingSecret", "whsec_c2VjcmV0c2VjcmV0c2VjcmV0"));

        String difference = audit.forOrganisation(AuditQuery.all(), 0, 1).getFirst().difference();
        assertThat(difference).doesNotContain("AbCdEfGhIjKl").doesNotContain("c2VjcmV0c2Vj")
                .contains("…6789").contains("pasted … by mistake");
    }

    @Test
    void a_denied_attempt_is_recorded_even_though_its_transaction_rolls_back() {
        data.login(acme.member());

        assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            audit.recordDenied(new AuditEntry(acme.id(), "illumera.disconnect", "ws_1", Outcome.DONE, null, null));
            throw new AccessDeniedException("members cannot disconnect");
        })).isInstanceOf(AccessDeniedException.class);

        data.login(acme.owner());
        assertThat(audit.forOrganisation(AuditQuery.all(), 0, 10)).extracting(AuditRecord::action, AuditRecord::outcome,
                AuditRecord::actorRole).containsExactly(org.assertj.core.groups.Tuple.tuple("illumera.disconnect",
                "DENIED", "MEMBER"));
    }

    @Test
    void each_organisation_reads_only_its_own_trail_and_members_read_none() {
        data.login(acme.owner());
        record("illumera.connect", "ws_1", Map.of(), Map.of());
        Tenant globex = data.tenant(Plan.BUSINESS);

        data.login(globex.owner());
        assertThat(audit.forOrganisation(AuditQuery.all(), 0, 10)).isEmpty();
        assertThatThrownBy(() -> audit.record(new AuditEntry(acme.id(), "forged", "", Outcome.DONE, null, null)))
                .isInstanceOf(AccessDeniedException.class);
        data.login(acme.member());
        assertThatThrownBy(() -> audit.forOrganisation(AuditQuery.all(), 0, 10)).isInstanceOf(AccessDeniedException.class);
        data.logout();
        assertThatThrownBy(() -> audit.forOrganisation(AuditQuery.all(), 0, 10))
                .isInstanceOf(AuthenticationCredentialsNotFoundException.class);
    }

    @Test
    void support_staff_give_a_reason_and_their_reading_is_recorded_for_the_organisation() {
        data.login(acme.owner());
        record("illumera.connect", "ws_1", Map.of(), Map.of());
        data.login(data.supportUser());

        assertThatThrownBy(() -> audit.forSupport(acme.id(), "  ", AuditQuery.all(), 0, 10))
                .isInstanceOf(InvalidInputException.class);
        var seen = audit.forSupport(acme.id(), "Ticket 4711: sync stopped", AuditQuery.all(), 0, 10);
        assertThat(seen).extracting(AuditRecord::action).containsExactly("support.access", "illumera.connect");

        data.login(acme.owner());
        var access = audit.forOrganisation(new AuditQuery("support.access", null, null, null), 0, 10);
        assertThat(access).hasSize(1);
        assertThat(access.getFirst().supportActing()).isTrue();
        assertThat(access.getFirst().difference()).contains("Ticket 4711");
        assertThatThrownBy(() -> audit.forSupport(acme.id(), "curious", AuditQuery.all(), 0, 10))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void the_trail_filters_by_action_and_actor() {
        data.login(acme.owner());
        record("illumera.connect", "ws_1", Map.of(), Map.of());
        data.login(acme.admin());
        record("illumera.mapping", "mapping", Map.of(), Map.of());

        assertThat(audit.forOrganisation(new AuditQuery("illumera.mapping", null, null, null), 0, 10))
                .extracting(AuditRecord::actorEmail).containsExactly(acme.admin());
        assertThat(audit.forOrganisation(new AuditQuery(null, "owner-", null, null), 0, 10))
                .extracting(AuditRecord::action).containsExactly("illumera.connect");
    }
}
