package dev.align.security;

import com.vaadin.flow.component.button.Button;
import dev.align.organisation.Plan;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every request reads the person's access again: role changes count at the next request, not the next sign-in. */
class SessionAccessTest extends KaribuTestBase {

    @Autowired AccountAccess accounts;
    @Autowired JdbcClient jdbc;

    private Tenant tenant;

    @BeforeEach
    void tenant() {
        tenant = data.tenant(Plan.BUSINESS);
    }

    /** One request through the filter; what the request sees of the signed-in person. */
    private Seen request(MockHttpSession session) throws Exception {
        var request = new MockHttpServletRequest("POST", "/");
        request.setSession(session);
        var seen = new Seen(new AtomicReference<>(), new ArrayList<>());
        new SessionAccess(accounts).doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            var authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication != null && authentication.getPrincipal() instanceof AlignUser user) {
                seen.user().set(user);
                authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).forEach(seen.roles()::add);
            }
        });
        return seen;
    }

    record Seen(AtomicReference<AlignUser> user, List<String> roles) {
    }

    private void setRole(String email, String role) {
        jdbc.sql("UPDATE membership SET role = ? WHERE organisation_id = ? AND user_id = (SELECT id FROM app_user"
                + " WHERE email = ?)").params(role, tenant.id(), email).update();
    }

    @Test
    void a_demoted_admin_works_with_the_new_role_from_the_next_request_on() throws Exception {
        data.login(tenant.admin());
        var session = new MockHttpSession();
        assertThat(request(session).roles()).containsExactly("ROLE_ADMIN");

        setRole(tenant.admin(), "MEMBER");

        var seen = request(session);
        assertThat(seen.roles()).containsExactly("ROLE_MEMBER");
        assertThat(seen.user().get().currentMembership().orElseThrow().organisationId()).isEqualTo(tenant.id());
        assertThat(session.isInvalid()).isFalse();
    }

    @Test
    void a_person_removed_from_their_only_organisation_loses_the_session() throws Exception {
        data.login(tenant.member());
        var session = new MockHttpSession();
        jdbc.sql("DELETE FROM membership WHERE organisation_id = ? AND user_id = (SELECT id FROM app_user"
                + " WHERE email = ?)").params(tenant.id(), tenant.member()).update();

        var seen = request(session);

        assertThat(seen.user().get()).as("the request runs signed out").isNull();
        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void support_staff_whose_support_role_is_revoked_lose_the_session() throws Exception {
        String support = data.supportUser();
        data.login(support);
        var session = new MockHttpSession();
        assertThat(request(session).roles()).containsExactly("ROLE_SUPPORT");
        jdbc.sql("UPDATE app_user SET support_staff = FALSE WHERE email = ?").param(support).update();
        assertThat(CurrentUser.require().supportStaff()).as("the session's copy still says support").isTrue();

        assertThat(request(session).user().get()).isNull();
        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void a_disabled_account_loses_the_session() throws Exception {
        data.login(tenant.owner());
        var session = new MockHttpSession();
        jdbc.sql("UPDATE app_user SET enabled = FALSE WHERE email = ?").param(tenant.owner()).update();

        assertThat(request(session).user().get()).isNull();
        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void a_demoted_admins_open_page_is_refused_on_its_next_click() throws Exception {
        signIn(tenant.admin());
        navigate("settings/audit");
        Button verify = _get(Button.class, spec -> spec.withText("Verify"));

        setRole(tenant.admin(), "MEMBER");

        var request = new MockHttpServletRequest("POST", "/");
        request.setSession(new MockHttpSession());
        new SessionAccess(accounts).doFilter(request, new MockHttpServletResponse(), (req, res) ->
                assertThatThrownBy(() -> _click(verify)).isInstanceOf(AccessDeniedException.class));
        assertThat(CurrentUser.require().currentRole()).contains(Role.MEMBER);
    }
}
