package dev.align.organisation;

import dev.align.security.AlignUser;
import dev.align.security.CurrentUser;
import dev.align.security.Role;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@AlignIntegration
class OrganisationServiceTest {

    @Autowired TestData data;
    @Autowired OrganisationService organisations;
    @Autowired UserDetailsService users;
    @Autowired PasswordEncoder passwords;

    @AfterEach
    void tearDown() {
        data.logout();
    }

    @Test
    void owners_see_their_members_with_roles_and_nobody_else() {
        Tenant acme = data.tenant(Plan.BUSINESS);
        Tenant globex = data.tenant(Plan.STARTER);
        data.login(acme.owner());

        assertThat(organisations.members(0, 50)).extracting(Member::email, Member::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(acme.owner(), Role.OWNER),
                        org.assertj.core.groups.Tuple.tuple(acme.admin(), Role.ADMIN),
                        org.assertj.core.groups.Tuple.tuple(acme.member(), Role.MEMBER));
        long stranger = ((AlignUser) users.loadUserByUsername(globex.owner())).userId();
        assertThat(organisations.person(stranger)).isEmpty();
        assertThat(organisations.current().plan()).isEqualTo(Plan.BUSINESS);
    }

    @Test
    void a_person_in_two_organisations_switches_between_them_and_only_to_their_own() {
        Tenant acme = data.tenant(Plan.BUSINESS);
        Tenant globex = data.tenant(Plan.STARTER);
        Tenant initech = data.tenant(Plan.STARTER);
        data.addMembership(globex.id(), acme.admin(), "MEMBER");
        AlignUser user = data.login(acme.admin());
        assertThat(user.memberships()).hasSize(2);

        CurrentUser.switchOrganisation(globex.id());
        assertThat(organisations.current().id()).isEqualTo(globex.id());
        assertThat(CurrentUser.require().currentRole()).contains(Role.MEMBER);
        assertThatThrownBy(() -> organisations.members(0, 10)).isInstanceOf(AccessDeniedException.class);

        CurrentUser.switchOrganisation(acme.id());
        assertThat(organisations.members(0, 10)).hasSize(3);
        assertThatThrownBy(() -> CurrentUser.switchOrganisation(initech.id())).isInstanceOf(AccessDeniedException.class);
        assertThat(organisations.current().id()).isEqualTo(acme.id());
    }

    @Test
    void sign_in_finds_people_by_email_in_any_case_and_stores_only_an_adaptive_hash() {
        Tenant acme = data.tenant(Plan.BUSINESS);

        var user = users.loadUserByUsername(acme.owner().toUpperCase());

        assertThat(user.getPassword()).startsWith("{bcrypt}$2a$");
        assertThat(passwords.matches(TestData.PASSWORD, user.getPassword())).isTrue();
        assertThat(passwords.matches("wrong", user.getPassword())).isFalse();
        assertThatThrownBy(() -> users.loadUserByUsername("nobody@test.example"))
                .isInstanceOf(UsernameNotFoundException.class);
    }

    @Test
    void support_staff_see_all_organisations_but_belong_to_none() {
        Tenant acme = data.tenant(Plan.BUSINESS);
        AlignUser support = data.login(data.supportUser());

        assertThat(support.currentMembership()).isEmpty();
        assertThat(organisations.allOrganisations(0, 100_000)).extracting(OrganisationInfo::id).contains(acme.id());
        assertThatThrownBy(() -> organisations.current()).isInstanceOf(AccessDeniedException.class);
    }
}
