package dev.align.audit.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.dialog.Dialog;
import dev.align.audit.AuditEntry;
import dev.align.audit.AuditRecord;
import dev.align.audit.AuditTrail;
import dev.align.organisation.Plan;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

class AuditTrailViewTest extends KaribuTestBase {

    @Autowired AuditTrail audit;
    @Autowired TransactionTemplate transactions;

    Tenant tenant;

    @BeforeEach
    void trail() {
        tenant = data.tenant(Plan.BUSINESS);
        signIn(tenant.owner());
        record("illumera.connect", "ws_AlignDemo", Map.of(), Map.of("workspace", "ws_AlignDemo"));
        signIn(tenant.admin());
        record("illumera.settings", "Settings → Add-ons → Illumera", Map.of("conflictPolicy", "Ask me"),
                Map.of("conflictPolicy", "Align wins"));
        Tenant other = data.tenant(Plan.BUSINESS);
        signIn(other.owner());
        transactions.executeWithoutResult(tx -> audit.record(new AuditEntry(other.id(), "illumera.disconnect", "x",
                AuditEntry.Outcome.DONE, null, null)));
        signIn(tenant.owner());
        navigate("settings/audit");
    }

    private void record(String action, String target, Map<String, ?> before, Map<String, ?> after) {
        transactions.executeWithoutResult(tx -> audit.record(new AuditEntry(tenant.id(), action, target,
                AuditEntry.Outcome.DONE, before, after)));
    }

    @Test
    void the_trail_shows_the_organisations_records_newest_first_and_filters_them() {
        var view = _get(AuditTrailView.class);
        assertThat(GridKt._fetch(view.grid, 0, 50)).extracting(AuditRecord::action)
                .containsExactly("illumera.settings", "illumera.connect");

        view.actor.setValue("owner-");
        assertThat(GridKt._fetch(view.grid, 0, 50)).extracting(AuditRecord::action).containsExactly("illumera.connect");
        view.actor.clear();
        view.text.setValue("Align wins");
        assertThat(GridKt._fetch(view.grid, 0, 50)).extracting(AuditRecord::action).containsExactly("illumera.settings");
    }

    @Test
    void a_record_opens_with_its_before_and_after_and_verify_says_the_trail_is_intact() {
        var view = _get(AuditTrailView.class);
        GridKt._clickItem(view.grid, 0, 0, false, false, false, false);
        String detail = _get(Dialog.class).getElement().getTextRecursively();
        assertThat(detail).contains("conflictPolicy: Ask me → Align wins").contains("hash ");

        _click(view.verify);

        assertThat(view.verification.getText()).startsWith("Intact: all 2 records");
        assertThat(view.export.getHref()).isNotBlank();
    }
}
