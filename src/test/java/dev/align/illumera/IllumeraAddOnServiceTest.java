package dev.align.illumera;

import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

@AlignIntegration
class IllumeraAddOnServiceTest {

    @Autowired TestData data;
    @Autowired IllumeraAddOnService addOn;

    @AfterEach
    void tearDown() {
        data.logout();
    }

    @Test
    void the_card_is_not_connected_when_the_plan_includes_the_add_on() {
        data.login(data.tenant(Plan.BUSINESS).admin());

        assertThat(addOn.card().state()).isEqualTo(CardState.NOT_CONNECTED);
    }

    @Test
    void the_card_says_not_included_and_whom_to_contact_otherwise() {
        data.login(data.tenant(Plan.STARTER).owner());

        AddOnCard card = addOn.card();
        assertThat(card.state()).isEqualTo(CardState.NOT_INCLUDED);
        assertThat(card.headline()).isEqualTo("Not included in your plan");
        assertThat(card.detail()).contains("account manager");
    }
}
