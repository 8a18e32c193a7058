package dev.align.project.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import dev.align.organisation.Plan;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

class ProjectListViewTest extends KaribuTestBase {

    @Autowired ProjectService projects;

    Tenant tenant;

    @BeforeEach
    void setUp() {
        tenant = data.tenant(Plan.BUSINESS);
        signIn(tenant.admin());
        projects.create(new ProjectDraft("Website", "Public site"));
    }

    @Test
    void an_admin_creates_a_project_and_a_duplicate_name_is_shown_on_the_field() {
        navigate("projects");
        ProjectListView view = _get(ProjectListView.class);
        _click(view.create);
        ProjectDialog dialog = _get(ProjectDialog.class);
        dialog.name.setValue("website");
        _click(dialog.save);
        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.name.getErrorMessage()).isEqualTo("A project with this name already exists.");

        dialog.name.setValue("Mobile app");
        _click(dialog.save);

        assertThat(dialog.isOpened()).isFalse();
        assertThat(GridKt._size(view.grid)).isEqualTo(2);
    }

    @Test
    void members_see_projects_but_no_create_button() {
        signIn(tenant.member());
        navigate("projects");

        ProjectListView view = _get(ProjectListView.class);
        assertThat(view.create.isVisible()).isFalse();
        assertThat(GridKt._get(view.grid, 0).getName()).isEqualTo("Website");
    }
}
