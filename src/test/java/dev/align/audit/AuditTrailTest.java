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

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@AlignIntegration
class AuditTrailTest {

    @Autowired AuditTrail audit;
    @Autowired TestData data;
    @Autowired JdbcClient jdbc;
    @Autowired PlatformTransactionManager transactions;
    @Autowired dev.align.supportaccess.SupportAccess support;

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

        var records = audit.forOrganisation(AuditQuery.all(), null, 10);
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
        assertThat(audit.forOrganisation(AuditQuery.all(), null, 10)).extracting(AuditRecord::action)
                .containsExactly("illumera.connect");
    }

    @Test
    void injection_shaped_text_is_stored_exactly_as_given() {
        data.login(acme.owner());
        String target = "<script>alert('x')</script>\n2026-11-29 INFO forged log line; DROP TABLE audit_record; -- ✓";

        record("illumera.mapping", target, Map.of("name", "a"), Map.of("name", "<b>b</b>"));

        var stored = audit.forOrganisation(AuditQuery.all(), null, 1).getFirst();
        assertThat(stored.target()).isEqualTo(target);
        assertThat(stored.difference()).contains("<b>b</b>");
    }

    @Test
    void secrets_never_reach_the_trail() {
        data.login(acme.owner());
        String key = "ilm_live_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789";

        record("illumera.connect", "ws_1", Map.of(), Map.of("apiKey", key, "note", "pasted " + key + " by mistake",
                "signingSecret", "whsec_c2VjcmV0c2VjcmV0c2VjcmV0"));

        String difference = audit.forOrganisation(AuditQuery.all(), null, 1).getFirst().difference();
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
        assertThat(audit.forOrganisation(AuditQuery.all(), null, 10)).extracting(AuditRecord::action, AuditRecord::outcome,
                AuditRecord::actorRole).containsExactly(org.assertj.core.groups.Tuple.tuple("illumera.disconnect",
                "DENIED", "MEMBER"));
    }

    @Test
    void each_organisation_reads_only_its_own_trail_and_members_read_none() {
        data.login(acme.owner());
        record("illumera.connect", "ws_1", Map.of(), Map.of());
        Tenant globex = data.tenant(Plan.BUSINESS);

        data.login(globex.owner());
        assertThat(audit.forOrganisation(AuditQuery.all(), null, 10)).isEmpty();
        assertThatThrownBy(() -> audit.record(new AuditEntry(acme.id(), "forged", "", Outcome.DONE, null, null)))
                .isInstanceOf(AccessDeniedException.class);
        data.login(acme.member());
        assertThatThrownBy(() -> audit.forOrganisation(AuditQuery.all(), null, 10)).isInstanceOf(AccessDeniedException.class);
        data.logout();
        assertThatThrownBy(() -> audit.forOrganisation(AuditQuery.all(), null, 10))
                .isInstanceOf(AuthenticationCredentialsNotFoundException.class);
    }

    @Test
    void support_staff_read_only_under_a_live_grant_and_their_reading_is_recorded_for_the_organisation() {
        data.login(acme.owner());
        record("illumera.connect", "ws_1", Map.of(), Map.of());
        data.login(data.supportUser());

        assertThatThrownBy(() -> audit.forOrganisation(AuditQuery.all(), null, 10))
                .as("no grant, nothing to read").isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> support.open(acme.id(), "curious", ""))
                .as("a reason is a sentence").isInstanceOf(InvalidInputException.class);
        support.open(acme.id(), "Ticket 4711: the customer says the sync stopped on Monday", "T-4711");
        assertThat(audit.forOrganisation(AuditQuery.all(), null, 10)).extracting(AuditRecord::action)
                .containsExactly("support.access-granted", "illumera.connect");
        audit.exportCsv(AuditQuery.all(), new java.io.StringWriter());
        assertThat(audit.forOrganisation(AuditQuery.action("support.exported"), null, 10))
                .as("an export by support staff is on the organisation's record").hasSize(1);

        data.login(acme.owner());
        var access = audit.forOrganisation(AuditQuery.action("support.access-granted"), null, 10);
        assertThat(access).singleElement().satisfies(grant -> {
            assertThat(grant.supportActing()).isTrue();
            assertThat(grant.actorRole()).isEqualTo("SUPPORT");
            assertThat(grant.difference()).contains("Ticket 4711").contains("T-4711");
        });
    }

    @Test
    void the_chain_is_intact_after_normal_use_and_verify_points_at_a_record_changed_or_removed_behind_its_back() {
        data.login(acme.owner());
        for (int i = 0; i < 5; i++) {
            record("illumera.mapping", "row " + i, Map.of("n", i), Map.of("n", i + 1));
        }
        var verified = audit.verify();
        assertThat(verified.intact()).isTrue();
        assertThat(verified.checked()).isEqualTo(5);
        List<Long> ids = jdbc.sql("SELECT id FROM audit_record WHERE organisation_id = ? ORDER BY id")
                .param(acme.id()).query(Long.class).list();

        behindTheApplicationsBack("UPDATE audit_record SET target = 'row 9' WHERE id = " + ids.get(2));
        assertThat(audit.verify()).satisfies(v -> {
            assertThat(v.intact()).isFalse();
            assertThat(v.brokenAtId()).isEqualTo(ids.get(2));
            assertThat(v.finding()).contains("changed");
        });

        Tenant other = data.tenant(Plan.BUSINESS);
        data.login(other.owner());
        new TransactionTemplate(transactions).executeWithoutResult(tx ->
                audit.record(new AuditEntry(other.id(), "illumera.connect", "ws", Outcome.DONE, null, null)));
        new TransactionTemplate(transactions).executeWithoutResult(tx ->
                audit.record(new AuditEntry(other.id(), "illumera.disconnect", "ws", Outcome.DONE, null, null)));
        long first = jdbc.sql("SELECT MIN(id) FROM audit_record WHERE organisation_id = ?").param(other.id())
                .query(Long.class).single();
        behindTheApplicationsBack("DELETE FROM audit_record WHERE id = " + first);
        assertThat(audit.verify()).satisfies(v -> {
            assertThat(v.intact()).isFalse();
            assertThat(v.finding()).contains("missing");
        });
        assertThat(audit.forOrganisation(AuditQuery.all(), null, 10)).as("the other organisation's chain is its own")
                .extracting(AuditRecord::action).containsExactly("illumera.disconnect");
    }

    @Test
    void writers_at_the_same_time_append_one_after_the_other_and_the_chain_stays_intact() throws Exception {
        Tenant fresh = data.tenant(Plan.BUSINESS);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<?>> writers = new java.util.ArrayList<>();
            for (int writer = 0; writer < 6; writer++) {
                int id = writer;
                writers.add(pool.submit(() -> {
                    data.login(fresh.admin());
                    for (int i = 0; i < 15; i++) {
                        int n = i;
                        new TransactionTemplate(transactions).executeWithoutResult(tx -> audit.record(new AuditEntry(
                                fresh.id(), "illumera.mapping", "writer " + id + " #" + n, Outcome.DONE, null, null)));
                    }
                    data.logout();
                }));
            }
            for (var writer : writers) {
                writer.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        data.login(fresh.owner());
        assertThat(audit.verify()).satisfies(v -> {
            assertThat(v.intact()).isTrue();
            assertThat(v.checked()).isEqualTo(90);
        });
    }

    @Test
    void removing_the_newest_record_is_found_too() {
        data.login(acme.owner());
        record("illumera.connect", "ws", Map.of(), Map.of());
        record("illumera.disconnect", "ws", Map.of(), Map.of());
        long newest = jdbc.sql("SELECT MAX(id) FROM audit_record WHERE organisation_id = ?").param(acme.id())
                .query(Long.class).single();

        behindTheApplicationsBack("DELETE FROM audit_record WHERE id = " + newest);

        assertThat(audit.verify()).satisfies(v -> {
            assertThat(v.intact()).isFalse();
            assertThat(v.brokenAtId()).isEqualTo(newest);
        });
    }

    @Test
    void the_csv_export_quotes_what_needs_quoting_neutralises_formulas_and_carries_the_hashes() throws Exception {
        data.login(acme.owner());
        String[] targets = {"plain", "a, with \"quotes\"", "two\nlines", "=HYPERLINK(\"http://x\")", "+1", "-2",
            "@SUM(A1)", "Ünïcødé ✓ 🚀"};
        for (String target : targets) {
            record("illumera.mapping", target, Map.of(), Map.of("v", target));
        }
        var out = new java.io.StringWriter();

        audit.exportCsv(AuditQuery.all(), out);

        var rows = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new java.io.StringReader(out.toString())).getRecords();
        assertThat(rows).extracting(r -> r.get("target")).containsExactly("plain", "a, with \"quotes\"",
                "two\nlines", "'=HYPERLINK(\"http://x\")", "'+1", "'-2", "'@SUM(A1)", "Ünïcødé ✓ 🚀");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("hash")).hasSize(64));
        assertThat(rows.get(1).get("previous_hash")).isEqualTo(rows.get(0).get("hash"));

        var filtered = new java.io.StringWriter();
        audit.exportCsv(new AuditQuery(null, null, null, null, "Ünïcødé"), filtered);
        assertThat(filtered.toString().lines()).hasSize(2);
    }

    /** As root would: the triggers that keep the trail append-only are lifted for one statement. */
    private void behindTheApplicationsBack(String sql) {
        var triggers = jdbc.sql("SELECT ACTION_STATEMENT, TRIGGER_NAME, EVENT_MANIPULATION FROM information_schema.TRIGGERS"
                        + " WHERE EVENT_OBJECT_TABLE = 'audit_record' AND TRIGGER_SCHEMA = DATABASE()")
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        triggers.forEach(t -> jdbc.sql("DROP TRIGGER " + t.get(1)).update());
        try {
            jdbc.sql(sql).update();
        } finally {
            triggers.forEach(t -> jdbc.sql("CREATE TRIGGER " + t.get(1) + " BEFORE " + t.get(2)
                    + " ON audit_record FOR EACH ROW " + t.get(0)).update());
        }
    }

    @Test
    void the_trail_filters_by_action_and_actor() {
        data.login(acme.owner());
        record("illumera.connect", "ws_1", Map.of(), Map.of());
        data.login(acme.admin());
        record("illumera.mapping", "mapping", Map.of(), Map.of());

        assertThat(audit.forOrganisation(AuditQuery.action("illumera.mapping"), null, 10))
                .extracting(AuditRecord::actorEmail).containsExactly(acme.admin());
        assertThat(audit.forOrganisation(new AuditQuery(null, "owner-", null, null, null), null, 10))
                .extracting(AuditRecord::action).containsExactly("illumera.connect");
    }
}
