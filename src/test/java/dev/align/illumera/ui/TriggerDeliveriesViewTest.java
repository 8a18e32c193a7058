package dev.align.illumera.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import dev.align.illumera.TriggerEvent;
import dev.align.illumera.triggers.WorkflowTriggers.Delivery;
import dev.align.organisation.Plan;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/** The delivery log as an Admin sees it: newest first, this organisation's only; a failed one sent again. */
class TriggerDeliveriesViewTest extends KaribuTestBase {

    @Autowired JdbcClient jdbc;

    private void delivery(long organisationId, long change, String event, String state, int attempts, String answer) {
        jdbc.sql("""
                        INSERT INTO illumera_trigger_delivery (organisation_id, work_change_id, event, record_id, workspace_id,
                            occurred_at, payload, state, attempts, next_attempt_at, last_attempt_at, answer)
                        VALUES (?, ?, ?, 7, 'ws_1', NOW(6), '{"entryId":7,"title":"Write the guide"}', ?, ?, NOW(6), NOW(6), ?)""")
                .params(organisationId, change, event, state, attempts, answer).update();
    }

    @Test
    void the_log_shows_each_delivery_and_a_failed_one_can_be_sent_again() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        delivery(tenant.id(), 1, "entry.created", "DELIVERED", 1, "Accepted: 1 workflow started (trg_1)");
        delivery(tenant.id(), 2, "entry.status_changed", "FAILED", 8, "Gave up after 8 attempts. Illumera answered 503");
        Tenant other = data.tenant(Plan.BUSINESS);
        delivery(other.id(), 1, "entry.created", "DELIVERED", 1, "Accepted elsewhere");
        signIn(tenant.admin());

        navigate(TriggerDeliveriesView.ROUTE);
        var view = _get(TriggerDeliveriesView.class);

        assertThat(GridKt._fetch(view.deliveries, 0, 50)).extracting(Delivery::event, Delivery::state)
                .as("newest first, none of the other organisation's")
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TriggerEvent.ENTRY_STATUS_CHANGED, "Failed"),
                        org.assertj.core.groups.Tuple.tuple(TriggerEvent.ENTRY_CREATED, "Delivered"));
        assertThat(GridKt._getFormattedRow(view.deliveries, 0)).contains("Entry status changed",
                "Entry #7 · Write the guide", "Failed · 8 attempts", "Gave up after 8 attempts. Illumera answered 503");
        assertThat(view.sendAgain.isEnabled()).isFalse();

        view.deliveries.select(GridKt._get(view.deliveries, 1));
        assertThat(view.sendAgain.isEnabled()).as("a delivered one is not sent again").isFalse();
        view.deliveries.select(GridKt._get(view.deliveries, 0));
        _click(view.sendAgain);

        assertThat(GridKt._get(view.deliveries, 0).state()).isEqualTo("Waiting to be sent");
        assertThat(GridKt._get(view.deliveries, 0).attempts()).isZero();
        assertThat(view.sendAgain.isEnabled()).isFalse();
    }
}
