package dev.align.supportaccess.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.align.organisation.OrganisationInfo;
import dev.align.organisation.Plan;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import dev.align.security.CurrentUser;
import dev.align.supportaccess.SupportAccess;
import org.springframework.security.access.AccessDeniedException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.stream.IntStream;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SupportAccessViewsTest extends KaribuTestBase {

    @Autowired SupportAccess access;

    @Test
    void support_staff_see_every_organisation_and_open_read_only_access_only_with_a_reason() {
        Tenant tenant = data.tenant(Plan.STARTER);
        String support = data.supportUser();
        signIn(support);
        navigate("support/organisations");
        var view = _get(OrganisationsView.class);
        int row = IntStream.range(0, GridKt._size(view.grid))
                .filter(i -> GridKt._get(view.grid, i).id() == tenant.id()).findFirst().orElseThrow();
        assertThat(GridKt._get(view.grid, row)).extracting(OrganisationInfo::name).isEqualTo(tenant.name());

        ((Button) GridKt._getCellComponent(view.grid, row, "ask")).click();
        var reason = _get(TextArea.class, spec -> spec.withId("grant-reason"));
        reason.setValue("curious");
        _click(_get(Button.class, spec -> spec.withId("open-grant")));
        assertThat(reason.isInvalid()).isTrue();
        assertThat(access.myLiveGrants()).isEmpty();

        reason.setValue("Ticket 88: the Owner asked why entries stopped syncing on Monday");
        _get(TextField.class, spec -> spec.withId("grant-ticket")).setValue("T-88");
        _click(_get(Button.class, spec -> spec.withId("open-grant")));

        assertThat(access.myLiveGrants()).singleElement().satisfies(grant -> {
            assertThat(grant.organisationId()).isEqualTo(tenant.id());
            assertThat(grant.ticket()).isEqualTo("T-88");
        });
    }

    @Test
    void owners_see_the_grant_and_ending_it_closes_the_door_at_the_next_request() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        String support = data.supportUser();
        signIn(support);
        access.open(tenant.id(), "Ticket 99: the Admin asked us to check the conflicts", "");
        navigate("settings/audit");

        signIn(tenant.admin());
        navigate("settings/support-access");
        var view = _get(SupportAccessView.class);
        assertThat(GridKt._fetch(view.grid, 0, 10)).singleElement().satisfies(g -> assertThat(g.supportEmail())
                .isEqualTo(support));
        ((Button) GridKt._getCellComponent(view.grid, 0, "state")).click();
        assertThat(access.grants(0, 10).getFirst().revokedAt()).isNotNull();

        signIn(support);
        assertThatThrownBy(() -> access.enter(tenant.id())).isInstanceOf(AccessDeniedException.class);
        // A page left open keeps the organisation chosen in the session; the grant decides at every request.
        CurrentUser.switchSupportOrganisation(tenant.id());
        assertThatThrownBy(() -> navigate("settings/audit")).isInstanceOf(MockAccessDeniedException.class);
        assertThat(data.count("SELECT COUNT(*) FROM audit_record WHERE organisation_id = ? AND action ="
                + " 'support.access-revoked'", tenant.id())).isEqualTo(1);
    }
}
