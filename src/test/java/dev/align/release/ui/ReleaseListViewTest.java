package dev.align.release.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import dev.align.organisation.Plan;
import dev.align.project.Project;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.release.Release;
import dev.align.release.ReleaseDraft;
import dev.align.release.ReleaseService;
import dev.align.release.ReleaseStatus;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

class ReleaseListViewTest extends KaribuTestBase {

    @Autowired ProjectService projects;
    @Autowired ReleaseService releases;

    Tenant tenant;
    Project project;

    @BeforeEach
    void setUp() {
        tenant = data.tenant(Plan.BUSINESS);
        signIn(tenant.owner());
        project = projects.create(new ProjectDraft("App", null));
    }

    @Test
    void an_owner_plans_a_release_and_a_past_date_is_refused_on_the_field() {
        navigate("releases");
        ReleaseListView view = _get(ReleaseListView.class);
        _click(view.create);
        ReleaseDialog dialog = _get(ReleaseDialog.class);
        dialog.project.setValue(project);
        dialog.name.setValue("2.0");
        dialog.releaseDate.setValue(LocalDate.now().minusDays(3));
        _click(dialog.save);
        assertThat(dialog.releaseDate.getErrorMessage()).isEqualTo("The release date cannot be in the past.");

        dialog.releaseDate.setValue(LocalDate.now().plusDays(3));
        _click(dialog.save);

        assertThat(dialog.isOpened()).isFalse();
        assertThat(GridKt._size(view.grid)).isEqualTo(1);
    }

    @Test
    void publishing_from_the_dialog_marks_the_release_published_and_keeps_what_was_typed() {
        Release release = releases.create(new ReleaseDraft(project.getId(), "1.0", null));
        navigate("releases");
        var dialog = new ReleaseDialog(releases, projects.all(), releases.get(release.getId()), () -> { });
        dialog.open();
        dialog.name.setValue("1.0 final");

        _click(dialog.publish);

        Release published = releases.get(release.getId());
        assertThat(published.getStatus()).isEqualTo(ReleaseStatus.PUBLISHED);
        assertThat(published.getName()).isEqualTo("1.0 final");
    }

    @Test
    void members_cannot_create_releases() {
        signIn(tenant.member());
        navigate("releases");

        assertThat(_get(ReleaseListView.class).create.isVisible()).isFalse();
    }
}
