package dev.align;

import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import dev.align.organisation.Plan;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route, opened by URL as each role and anonymously (anonymous visitors see nothing of it;
 * the browser journey shows them landing on the login page).
 */
class RouteAccessTest extends KaribuTestBase {

    /** route → view class opened, per role: OWNER, ADMIN, MEMBER, SUPPORT; null = refused. */
    private static final Map<String, List<String>> EXPECTED = Map.of(
            "", List.of("EntryListView", "EntryListView", "EntryListView", "OrganisationsView"),
            "entries", List.of("EntryListView", "EntryListView", "EntryListView", "-"),
            "projects", List.of("ProjectListView", "ProjectListView", "ProjectListView", "-"),
            "releases", List.of("ReleaseListView", "ReleaseListView", "ReleaseListView", "-"),
            "people", List.of("MemberListView", "MemberListView", "-", "-"),
            "settings/add-ons", List.of("AddOnsView", "AddOnsView", "-", "-"),
            "support/organisations", List.of("-", "-", "-", "OrganisationsView"),
            "login", List.of("LoginView", "LoginView", "LoginView", "LoginView"));

    /** Routes anonymous visitors may see; the rest show them nothing (Spring Security sends them to /login). */
    private static final Map<String, List<String>> ANONYMOUS = Map.of("login", List.of("LoginView"));

    @Test
    void each_route_opens_for_its_roles_is_refused_to_others_and_sends_anonymous_to_login() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        List<String> people = List.of(tenant.owner(), tenant.admin(), tenant.member(), data.supportUser());
        List<String> wrong = new ArrayList<>();
        EXPECTED.forEach((route, views) -> {
            for (int i = 0; i < people.size(); i++) {
                signIn(people.get(i));
                String opened = open(route);
                if (!opened.equals(views.get(i))) {
                    wrong.add("/" + route + " as " + people.get(i) + " opened " + opened + ", expected " + views.get(i));
                }
            }
            signOut();
            MockVaadin.tearDown();
            setUpVaadin(); // a fresh browser tab: nothing shown yet
            navigate(route);
            if (!shownViews().equals(ANONYMOUS.getOrDefault(route, List.of()))) {
                wrong.add("/" + route + " anonymously showed " + shownViews());
            }
        });
        assertThat(wrong).isEmpty();
    }

    private static String open(String route) {
        try {
            navigate("login"); // leave the previous view so that each navigation is checked afresh
            navigate(route);
            return currentView().getClass().getSimpleName();
        } catch (MockAccessDeniedException e) {
            return "-";
        }
    }
}
