package dev.align.illumera.sync;

import dev.align.illumera.AddOnSettings;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.client.IllumeraModel.Workspace;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.project.ProjectDraft;
import dev.align.release.ReleaseDraft;
import dev.align.release.ReleaseStatus;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paired containers follow each other's changes, not only the first pairing (issue 13, item 2):
 * project ↔ workspace names, release ↔ sprint names, dates and states, each row's own direction, and
 * an archived workspace under delete propagation.
 */
class ContainerFollowTest extends SyncFixture {

    static final LocalDate DAY = LocalDate.now().plusDays(30);

    void saveWith(Direction projectRow, boolean projectsOn, boolean propagateDeletes) {
        var view = addOn.settings();
        Mapping defaults = Mapping.defaults(Direction.BIDIRECTIONAL, view.schema());
        Mapping mapping = defaults.withRow(defaults.row(AlignField.PROJECT).withDirection(projectRow)
                .switchedOn(projectsOn));
        addOn.saveSettings(new AddOnSettings(mapping, ConflictPolicy.ASK_ME, Set.of(), propagateDeletes), view.version(),
                true);
    }

    Workspace workspaceNamed(String name) {
        return illumera.workspaces(null).filter(w -> w.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void names_of_paired_projects_and_workspaces_follow_both_ways_without_echoes() {
        var marketing = projects.create(new ProjectDraft("Marketing " + UUID.randomUUID().toString().substring(0, 4), null));
        saveWith(Direction.BIDIRECTIONAL, true, false);
        runOnce();
        Workspace created = workspaceNamed(marketing.getName());

        projects.update(marketing.getId(), marketing.getVersion(), new ProjectDraft(marketing.getName() + " EU", null));
        SyncRun renamedInAlign = runOnce();

        assertThat(illumera.workspace(created.id()).name()).isEqualTo(marketing.getName() + " EU");
        assertThat(renamedInAlign.count("PROJECT", "UPDATED")).isEqualTo(1);

        illumera.updateWorkspace(created.id(), null, Map.of("name", "Marketing (EMEA)"));
        runOnce();

        assertThat(projects.get(marketing.getId()).getName()).isEqualTo("Marketing (EMEA)");
        assertThat(runOnce().count("PROJECT", "UPDATED")).as("no echo").isZero();
    }

    @Test
    void the_project_rows_own_direction_is_honoured() {
        String home = projects.get(project).getName();
        saveWith(Direction.ALIGN_TO_ILLUMERA, true, false);
        illumera.createWorkspace("Only in Illumera " + UUID.randomUUID().toString().substring(0, 4), null,
                UUID.randomUUID().toString());
        runOnce();
        illumera.updateWorkspace(workspace, null, Map.of("name", home + " (renamed in Illumera)"));
        runOnce();

        assertThat(projects.all()).extracting(dev.align.project.Project::getName)
                .as("no project from a workspace, no rename from Illumera").containsExactly(home);

        var current = projects.get(project);
        projects.update(project, current.getVersion(), new ProjectDraft(home + " (renamed in Align)", null));
        runOnce();
        assertThat(illumera.workspace(workspace).name()).isEqualTo(home + " (renamed in Align)");
    }

    @Test
    void releases_and_sprints_follow_names_dates_and_published_closed_states() {
        var release = releases.create(new ReleaseDraft(project, "R1", DAY));
        save(ConflictPolicy.ASK_ME, Direction.BIDIRECTIONAL, false);
        runOnce();
        var sprint = illumera.sprints(workspace, null).filter(s -> s.name().equals("R1")).findFirst().orElseThrow();

        var current = releases.get(release.getId());
        releases.update(release.getId(), current.getVersion(), new ReleaseDraft(project, "R1.1", DAY.plusDays(3)));
        runOnce();
        assertThat(illumera.sprint(sprint.id())).satisfies(s -> {
            assertThat(s.name()).isEqualTo("R1.1");
            assertThat(s.endDate()).isEqualTo(DAY.plusDays(3));
            assertThat(s.state()).isEqualTo("planned");
        });

        illumera.updateSprint(sprint.id(), null, Map.of("state", "closed"));
        runOnce();
        assertThat(releases.get(release.getId()).getStatus()).as("a closed sprint publishes").isEqualTo(ReleaseStatus.PUBLISHED);

        illumera.updateSprint(sprint.id(), null, Map.of("state", "active", "name", "R1.1 hotfix"));
        runOnce();
        assertThat(releases.get(release.getId())).satisfies(r -> {
            assertThat(r.getStatus()).as("a reopened sprint plans it again").isEqualTo(ReleaseStatus.PLANNED);
            assertThat(r.getName()).isEqualTo("R1.1 hotfix");
        });
        assertThat(runOnce().count("RELEASE", "UPDATED")).as("no echo").isZero();

        current = releases.get(release.getId());
        releases.publish(release.getId(), current.getVersion());
        runOnce();
        assertThat(illumera.sprint(sprint.id()).state()).as("publishing closes the sprint").isEqualTo("closed");
    }

    @Test
    void an_archived_workspace_ends_its_pairing_when_archiving_is_propagated_and_is_not_created_again() {
        var ops = projects.create(new ProjectDraft("Ops " + UUID.randomUUID().toString().substring(0, 4), null));
        saveWith(Direction.BIDIRECTIONAL, true, true);
        runOnce();
        Workspace created = workspaceNamed(ops.getName());

        illumera.updateWorkspace(created.id(), null, Map.of("archived", true));
        SyncRun archived = runOnce();
        runOnce();

        assertThat(archived.count("PROJECT", "DELETED")).isEqualTo(1);
        assertThat(projects.get(ops.getId()).getName()).as("Align keeps its project").isEqualTo(ops.getName());
        assertThat(illumera.workspaces(null).filter(w -> w.name().equals(ops.getName()))).as("not created again")
                .hasSize(1);
        assertThat(data.count("SELECT COUNT(*) FROM illumera_link WHERE organisation_id = ? AND record_type = 'PROJECT'"
                + " AND align_id = ? AND state = 'GONE'", tenant.id(), ops.getId())).isEqualTo(1);
    }
}
