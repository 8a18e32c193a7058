package dev.align;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.select.Select;
import dev.align.notification.Notifications;
import org.springframework.beans.factory.annotation.Autowired;
import com.vaadin.flow.component.sidenav.SideNavItem;
import dev.align.organisation.Plan;
import dev.align.security.CurrentUser;
import dev.align.security.OrganisationMembership;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

class MainLayoutTest extends KaribuTestBase {

    @Autowired dev.align.supportaccess.SupportAccess supportAccess;

    @Autowired Notifications notifications;

    private static List<String> menu() {
        return _find(SideNavItem.class).stream().map(SideNavItem::getLabel).toList();
    }

    /** The labelled groups of the menu. */
    private static List<String> groups() {
        return _find(com.vaadin.flow.component.sidenav.SideNav.class).stream()
                .map(com.vaadin.flow.component.sidenav.SideNav::getLabel).filter(java.util.Objects::nonNull).toList();
    }

    @Test
    void admins_see_settings_with_the_add_ons_records_in_the_menu() {
        signIn(data.tenant(Plan.BUSINESS).admin());
        navigate("entries");

        assertThat(menu()).containsExactly("Entries", "Projects", "Releases", "People", "Add-ons",
                "Sync history", "Conflicts", "Duplicates", "Release report", "Audit trail", "Support access");
        assertThat(groups()).containsExactly("Settings");
    }

    @Test
    void a_person_switches_to_the_dark_theme_and_it_is_remembered_for_them_only() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        signIn(tenant.member());
        navigate("entries");
        Button toggle = _get(Button.class, spec -> spec.withId("colour-scheme"));
        assertThat(toggle.getElement().getAttribute("aria-pressed")).isEqualTo("false");
        assertThat(com.vaadin.flow.component.UI.getCurrent().getPage().getColorScheme())
                .isEqualTo(com.vaadin.flow.component.page.ColorScheme.Value.LIGHT);

        _click(toggle);

        assertThat(toggle.getElement().getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(com.vaadin.flow.component.UI.getCurrent().getPage().getColorScheme())
                .isEqualTo(com.vaadin.flow.component.page.ColorScheme.Value.DARK);
        setUpVaadin(); // a new sign-in, another day
        signIn(tenant.member());
        navigate("entries");
        assertThat(_get(Button.class, spec -> spec.withId("colour-scheme")).getElement().getAttribute("aria-pressed"))
                .isEqualTo("true");
        setUpVaadin();
        signIn(tenant.admin());
        navigate("entries");
        assertThat(_get(Button.class, spec -> spec.withId("colour-scheme")).getElement().getAttribute("aria-pressed"))
                .as("another person keeps their own").isEqualTo("false");
    }

    @Test
    void members_do_not_see_settings_or_people() {
        signIn(data.tenant(Plan.BUSINESS).member());
        navigate("entries");

        assertThat(menu()).containsExactly("Entries", "Projects", "Releases");
    }

    @Test
    void support_staff_see_only_the_organisations() {
        signIn(data.supportUser());
        navigate("support/organisations");

        assertThat(menu()).containsExactly("Organisations");
    }

    @Test
    void support_staff_with_a_grant_see_the_organisations_records_read_only() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        signIn(data.supportUser());
        supportAccess.open(tenant.id(), "Ticket 5: the customer asked us to check their sync history", "");
        navigate("login");
        navigate("support/organisations");

        assertThat(menu()).containsExactly("Organisations", "Add-ons card", "Sync history", "Conflicts",
                "Duplicates", "Release report", "Audit trail");
        assertThat(groups()).containsExactly("Read-only access");
    }

    @Test
    void a_person_in_two_organisations_switches_in_the_header() {
        Tenant acme = data.tenant(Plan.BUSINESS);
        Tenant globex = data.tenant(Plan.STARTER);
        data.addMembership(globex.id(), acme.admin(), "MEMBER");
        signIn(acme.admin());
        navigate("entries");

        @SuppressWarnings("unchecked")
        Select<OrganisationMembership> switcher = _get(Select.class, spec -> spec.withId("organisation-switcher"));
        long before = CurrentUser.organisationId();
        OrganisationMembership target = switcher.getListDataView().getItems()
                .filter(m -> m.organisationId() != before).findFirst().orElseThrow();
        switcher.setValue(target);

        assertThat(CurrentUser.organisationId()).isEqualTo(target.organisationId());
        assertThat(List.of(acme.id(), globex.id())).contains(before, target.organisationId());
    }

    @Test
    void owners_and_admins_see_unread_notifications_in_the_header_and_dismiss_them() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        notifications.notifyOnce(tenant.id(), "test:" + tenant.id(), "Illumera key expires soon", "Illumera key ilm_test_…0001 expires on 2026-12-08.");
        signIn(tenant.member());
        navigate("entries");
        assertThat(_find(NotificationBell.class)).as("members get no bell").isEmpty();

        signIn(tenant.owner());
        navigate("login");
        navigate("entries");
        NotificationBell bell = _get(NotificationBell.class);
        assertThat(bell.getElement().getAttribute("aria-label")).isEqualTo("Notifications: 1 unread");
        assertThat(bell.count.getText()).isEqualTo("1");
        _click(bell);
        assertThat(bell.list.isOpened()).isTrue();
        assertThat(bell.items.getElement().getTextRecursively()).contains("Illumera key expires soon")
                .contains("expires on 2026-12-08");
        assertThat(bell.emailAlerts.isVisible()).as("the tests' server sends e-mail").isTrue();
        assertThat(bell.emailAlerts.getValue()).as("on unless the person opts out").isTrue();
        assertThat(bell.emailAlerts.getHelperText()).contains(tenant.owner());
        bell.emailAlerts.setValue(false);
        assertThat(notifications.emailAlerts().on()).isFalse();
        _click(_get(bell.items, Button.class, spec -> spec.withText("Dismiss")));

        assertThat(bell.count.isVisible()).isFalse();
        assertThat(bell.getElement().getAttribute("aria-label")).isEqualTo("Notifications: none unread");
        assertThat(bell.items.getElement().getTextRecursively()).contains("Nothing new.");
        assertThat(notifications.unread()).isEmpty();

        notifications.notifyOnce(tenant.id(), "test-2:" + tenant.id(), "Illumera sync paused", "Illumera sync paused: check it.");
        var ui = com.vaadin.flow.component.UI.getCurrent();
        com.vaadin.flow.component.ComponentUtil.fireEvent(ui, new com.vaadin.flow.component.PollEvent(ui, true));
        assertThat(bell.count.getText()).as("a polling page keeps the count current").isEqualTo("1");
    }
}
