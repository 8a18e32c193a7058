package dev.align.project;

import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@AlignIntegration
class ProjectServiceTest {

    @Autowired TestData data;
    @Autowired ProjectService projects;

    Tenant tenant;

    @BeforeEach
    void setUp() {
        tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.admin());
    }

    @AfterEach
    void tearDown() {
        data.logout();
    }

    @Test
    void creating_and_renaming_write_project_events() {
        Project project = projects.create(new ProjectDraft("  Website  ", "The site"));
        assertThat(project.getName()).isEqualTo("Website");

        projects.update(project.getId(), project.getVersion(), new ProjectDraft("Web", "The site"));

        assertThat(data.count("SELECT COUNT(*) FROM work_change WHERE organisation_id = ? AND record_id = ?"
                + " AND change_type IN ('PROJECT_CREATED', 'PROJECT_CHANGED')", tenant.id(), project.getId()))
                .isEqualTo(2);
        assertThat(data.count("SELECT COUNT(*) FROM work_change WHERE record_id = ? AND change_type = 'PROJECT_CHANGED'"
                + " AND changed_fields = 'name'", project.getId())).isEqualTo(1);
    }

    @Test
    void names_are_unique_per_organisation_ignoring_case_and_unicode_form() {
        projects.create(new ProjectDraft("Café", null));

        assertThatThrownBy(() -> projects.create(new ProjectDraft("CAFE\u0301", null)))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsEntry("name", "A project with this name already exists."));

        data.login(data.tenant(Plan.BUSINESS).admin());
        assertThat(projects.create(new ProjectDraft("Café", null)).getId()).isNotNull();
    }

    @Test
    void a_rename_that_only_changes_accents_or_case_is_not_a_duplicate_of_itself() {
        Project project = projects.create(new ProjectDraft("Cafe", null));

        Project renamed = projects.update(project.getId(), project.getVersion(), new ProjectDraft("Café", null));

        assertThat(renamed.getName()).isEqualTo("Café");
        assertThat(projects.update(renamed.getId(), renamed.getVersion(), new ProjectDraft("CAFÉ", null)).getName())
                .isEqualTo("CAFÉ");
    }

    @Test
    void an_over_long_description_is_refused_and_nothing_is_stored() {
        assertThatThrownBy(() -> projects.create(new ProjectDraft("Long", "x".repeat(2001))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("description"));
        assertThat(projects.list("Long", 0, 10)).isEmpty();
    }

    @Test
    void another_organisations_project_cannot_be_read_or_changed() {
        Project project = projects.create(new ProjectDraft("Secret", null));
        data.login(data.tenant(Plan.BUSINESS).owner());

        assertThatThrownBy(() -> projects.get(project.getId())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> projects.update(project.getId(), project.getVersion(), new ProjectDraft("Mine", null)))
                .isInstanceOf(NotFoundException.class);
        assertThat(projects.all()).isEmpty();
    }
}
