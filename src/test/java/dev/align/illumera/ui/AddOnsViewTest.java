package dev.align.illumera.ui;

import dev.align.organisation.Plan;
import dev.align.support.KaribuTestBase;
import org.junit.jupiter.api.Test;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

class AddOnsViewTest extends KaribuTestBase {

    @Test
    void the_illumera_card_is_not_connected_for_a_plan_with_the_add_on() {
        signIn(data.tenant(Plan.BUSINESS).admin());
        navigate("settings/add-ons");

        AddOnsView view = _get(AddOnsView.class);
        assertThat(view.state.getText()).isEqualTo("Not connected");
        assertThat(view.connect.isVisible()).isTrue();
    }

    @Test
    void the_card_says_not_included_and_offers_nothing_else_without_the_add_on() {
        signIn(data.tenant(Plan.STARTER).owner());
        navigate("settings/add-ons");

        AddOnsView view = _get(AddOnsView.class);
        assertThat(view.state.getText()).isEqualTo("Not included in your plan");
        assertThat(view.card.getElement().getTextRecursively()).contains("Contact your account manager");
        assertThat(view.connect.isVisible()).isFalse();
    }
}
