package dev.align.release;

import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.organisation.Plan;
import dev.align.project.Project;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@AlignIntegration
class ReleaseServiceTest {

    @Autowired TestData data;
    @Autowired ProjectService projects;
    @Autowired ReleaseService releases;

    Tenant tenant;
    Project project;

    @BeforeEach
    void setUp() {
        tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.admin());
        project = projects.create(new ProjectDraft("App", null));
    }

    @AfterEach
    void tearDown() {
        data.logout();
    }

    @Test
    void publishing_a_release_writes_release_published_once() {
        Release release = releases.create(new ReleaseDraft(project.getId(), "2.0", LocalDate.now().plusDays(1)));

        Release published = releases.publish(release.getId(), release.getVersion());

        assertThat(published.getStatus()).isEqualTo(ReleaseStatus.PUBLISHED);
        assertThat(published.getPublishedAt()).isNotNull();
        assertThat(data.count("SELECT COUNT(*) FROM work_change WHERE record_id = ? AND change_type = 'RELEASE_PUBLISHED'"
                + " AND status_changed", release.getId())).isEqualTo(1);
        assertThatThrownBy(() -> releases.publish(published.getId(), published.getVersion()))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_planned_date_in_the_past_and_a_duplicate_name_are_refused() {
        releases.create(new ReleaseDraft(project.getId(), "2.0", null));

        assertThatThrownBy(() -> releases.create(new ReleaseDraft(project.getId(), "2.0", LocalDate.now().minusDays(1))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("name", "This project already has a release with this name.")
                        .containsEntry("releaseDate", "The release date cannot be in the past."));
        assertThat(releases.list(project.getId(), null, 0, 10)).hasSize(1);
    }

    @Test
    void a_release_cannot_move_to_another_project() {
        Release release = releases.create(new ReleaseDraft(project.getId(), "2.0", null));
        Project other = projects.create(new ProjectDraft("Other", null));

        assertThatThrownBy(() -> releases.update(release.getId(), release.getVersion(),
                new ReleaseDraft(other.getId(), "2.0", null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsKey("projectId"));
    }

    @Test
    void another_organisations_project_and_release_are_out_of_reach() {
        Release release = releases.create(new ReleaseDraft(project.getId(), "2.0", null));
        data.login(data.tenant(Plan.BUSINESS).admin());

        assertThatThrownBy(() -> releases.get(release.getId())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> releases.publish(release.getId(), release.getVersion()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> releases.create(new ReleaseDraft(project.getId(), "Intruder", null)))
                .isInstanceOf(NotFoundException.class);
        assertThat(releases.all()).isEmpty();
    }
}
