package dev.align.organisation.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import dev.align.organisation.Plan;
import dev.align.organisation.Member;
import dev.align.security.Role;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

class OrganisationViewsTest extends KaribuTestBase {

    @Test
    void owners_see_the_member_list_with_roles() {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        signIn(tenant.owner());
        navigate("people");

        var grid = _get(MemberListView.class).grid;
        assertThat(IntStream.range(0, GridKt._size(grid)).mapToObj(i -> GridKt._get(grid, i)).map(Member::role))
                .containsExactly(Role.OWNER, Role.ADMIN, Role.MEMBER);
    }
}
