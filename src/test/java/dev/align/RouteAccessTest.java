package dev.align;

import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import dev.align.organisation.Plan;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.supportaccess.SupportAccess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route, opened by URL as each role and anonymously (anonymous visitors see nothing of it;
 * the browser journey shows them landing on the login page).
 */
class RouteAccessTest extends KaribuTestBase {

    /**
     * route → view class opened, per role: OWNER, ADMIN, MEMBER, SUPPORT (no grant), SUPPORT with a live
     * grant for the organisation; "-" = refused. {@code RUN} stands for one of the organisation's runs.
     */
    private static final Map<String, List<String>> EXPECTED = Map.ofEntries(
            Map.entry("", List.of("EntryListView", "EntryListView", "EntryListView", "OrganisationsView",
                    "OrganisationsView")),
            Map.entry("entries", List.of("EntryListView", "EntryListView", "EntryListView", "-", "-")),
            Map.entry("projects", List.of("ProjectListView", "ProjectListView", "ProjectListView", "-", "-")),
            Map.entry("releases", List.of("ReleaseListView", "ReleaseListView", "ReleaseListView", "-", "-")),
            Map.entry("people", List.of("MemberListView", "MemberListView", "-", "-", "-")),
            Map.entry("settings/add-ons", List.of("AddOnsView", "AddOnsView", "-", "-", "AddOnsView")),
            Map.entry("settings/add-ons/history", List.of("SyncHistoryView", "SyncHistoryView", "-", "-",
                    "SyncHistoryView")),
            Map.entry("settings/add-ons/runs/RUN", List.of("RunView", "RunView", "-", "-", "RunView")),
            Map.entry("settings/add-ons/entries/ENTRY", List.of("EntrySyncView", "EntrySyncView", "-", "-",
                    "EntrySyncView")),
            Map.entry("settings/add-ons/conflicts", List.of("ConflictsView", "ConflictsView", "-", "-",
                    "ConflictsView")),
            Map.entry("settings/add-ons/duplicates", List.of("DuplicatesView", "DuplicatesView", "-", "-",
                    "DuplicatesView")),
            Map.entry("settings/add-ons/triggers", List.of("TriggerDeliveriesView", "TriggerDeliveriesView", "-", "-",
                    "-")),
            Map.entry("settings/add-ons/report", List.of("ReportView", "ReportView", "-", "-", "ReportView")),
            Map.entry("settings/audit", List.of("AuditTrailView", "AuditTrailView", "-", "-", "AuditTrailView")),
            Map.entry("settings/support-access", List.of("SupportAccessView", "SupportAccessView", "-", "-", "-")),
            Map.entry("support/organisations", List.of("-", "-", "-", "OrganisationsView", "OrganisationsView")),
            Map.entry("login", List.of("LoginView", "LoginView", "LoginView", "LoginView", "LoginView")));

    @Autowired SupportAccess supportAccess;
    @Autowired JdbcClient jdbc;
    @Autowired ProjectService projects;
    @Autowired EntryService entries;

    /** Routes anonymous visitors may see; the rest show them nothing (Spring Security sends them to /login). */
    private static final Map<String, List<String>> ANONYMOUS = Map.of("login", List.of("LoginView"));

    @Test
    void each_route_opens_for_its_roles_is_refused_to_others_and_sends_anonymous_to_login() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        String granted = data.supportUser();
        signIn(granted);
        supportAccess.open(tenant.id(), "Route test: the customer asked us to look at their sync", "");
        var run = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO illumera_sync_run (organisation_id, run_trigger, node, started_at, outcome, counts)"
                + " VALUES (?, 'MANUAL', 'test', NOW(6), 'SUCCEEDED', '{}')").param(tenant.id()).update(run);
        signIn(tenant.admin());
        long project = projects.create(new ProjectDraft("Routes", null)).getId();
        long entry = entries.create(new EntryDraft(project, null, "Route", EntryStatus.TODO, null, null, 0)).getId();
        List<String> people = List.of(tenant.owner(), tenant.admin(), tenant.member(), data.supportUser(), granted);
        List<String> wrong = new ArrayList<>();
        EXPECTED.forEach((pattern, views) -> {
            String route = pattern.replace("RUN", String.valueOf(run.getKey().longValue()))
                    .replace("ENTRY", String.valueOf(entry));
            for (int i = 0; i < people.size(); i++) {
                signIn(people.get(i));
                if (people.get(i).equals(granted)) {
                    supportAccess.enter(tenant.id());
                }
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
