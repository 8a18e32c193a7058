package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryStatus;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.sync.SyncRun.Outcome;
import dev.align.project.Project;
import dev.align.project.ProjectDraft;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An entry moved to another project follows to the paired workspace (issue 13, item 3): a create
 * there and a delete of the old task, crash-safe at every step, the link and its history carried over.
 */
class EntryMoveTest extends SyncFixture {

    Project other;
    Entry moving;

    /** Two paired projects (the home one and a second with a workspace of its own), one entry linked in the first. */
    void twoPairedProjects() {
        other = projects.create(new ProjectDraft("Other " + UUID.randomUUID().toString().substring(0, 6), null));
        moving = entries.create(new EntryDraft(project, null, "Moving entry", EntryStatus.IN_PROGRESS, null, null, null));
        save(ConflictPolicy.ASK_ME, dev.align.illumera.mapping.Direction.BIDIRECTIONAL, false);
        switchProjectRowOn();
        assertThat(runOnce().outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(liveTasksOf(moving)).singleElement().satisfies(t -> assertThat(t.workspaceId()).isEqualTo(workspace));
    }

    void moveToOther() {
        Entry current = entries.get(moving.getId());
        entries.update(current.getId(), current.getVersion(), new EntryDraft(other.getId(), null, current.getTitle(),
                current.getStatus(), null, null, null));
    }

    /** Every task, in every workspace the key sees, that names the entry and is not deleted. */
    List<Task> liveTasksOf(Entry entry) {
        return illumera.tasks(null, null).filter(t -> !t.deleted())
                .filter(t -> ("align:entry:" + entry.getId()).equals(t.externalRef())).toList();
    }

    String otherWorkspace() {
        return illumera.workspaces(null).filter(w -> w.name().equals(other.getName())).findFirst().orElseThrow().id();
    }

    long linkId() {
        return data.count("SELECT id FROM illumera_link WHERE organisation_id = ? AND record_type = 'ENTRY' AND align_id = ?",
                tenant.id(), moving.getId());
    }

    @Test
    void a_moved_entry_s_task_moves_to_the_paired_workspace_with_its_link_and_history() {
        twoPairedProjects();
        long link = linkId();
        String oldTask = liveTasksOf(moving).getFirst().id();
        moveToOther();

        SyncRun run = runOnce();

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.count("ENTRY", "MOVED")).isEqualTo(1);
        assertThat(liveTasksOf(moving)).singleElement().satisfies(t -> {
            assertThat(t.workspaceId()).isEqualTo(otherWorkspace());
            assertThat(t.name()).isEqualTo("Moving entry");
            assertThat(t.status()).isEqualTo("doing");
        });
        assertThat(illumera.task(oldTask).deleted()).isTrue();
        assertThat(linkId()).as("the same link, carried over").isEqualTo(link);
        assertThat(history.entryHistory(moving.getId(), null, 20)).extracting(dev.align.illumera.history.SyncHistory.RunRecord::action)
                .contains("CREATED", "MOVED");
        SyncRun after = runOnce();
        assertThat(after.count("ENTRY", "MOVED") + after.count("ENTRY", "CREATED") + after.count("ENTRY", "DUPLICATE"))
                .as("nothing echoes: the old task's delete and the new task are the move's own").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"move-started", "move-created", "move-linked"})
    void a_move_killed_at_any_step_ends_with_one_task_and_the_link_on_it(String step) {
        twoPairedProjects();
        long link = linkId();
        moveToOther();
        killAt(step, "killed at " + step);

        assertThat(runOnce().outcome()).isEqualTo(Outcome.FAILED);
        engine.crashAt(null);
        runOnce();
        runOnce();

        assertThat(liveTasksOf(moving)).singleElement().satisfies(t -> assertThat(t.workspaceId())
                .isEqualTo(otherWorkspace()));
        assertThat(linkId()).isEqualTo(link);
        assertThat(data.count("SELECT COUNT(*) FROM illumera_link WHERE id = ? AND state = 'LINKED' AND pending_body IS NULL"
                + " AND illumera_id = ?", link, liveTasksOf(moving).getFirst().id())).isEqualTo(1);
        assertThat(data.count("SELECT COUNT(*) FROM illumera_duplicate WHERE organisation_id = ?", tenant.id()))
                .as("no copy taken for an import").isZero();
    }

    @Test
    void a_task_recreated_in_another_workspace_in_illumera_carries_the_link_and_the_entry_follows() {
        twoPairedProjects();
        long link = linkId();
        Task old = liveTasksOf(moving).getFirst();
        Task recreated = illumera.createTask(new dev.align.illumera.client.IllumeraModel.NewTask(otherWorkspace(),
                "Moving entry, recreated", "review", null, null, null, null, "align:entry:" + moving.getId()),
                UUID.randomUUID().toString());
        sandbox.delete("/admin/tasks/" + old.id());

        SyncRun run = runOnce();

        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(run.count("ENTRY", "MOVED")).isEqualTo(1);
        assertThat(run.count("ENTRY", "DUPLICATE")).as("not an import copy").isZero();
        Entry now = entries.get(moving.getId());
        assertThat(now.getProjectId()).isEqualTo(other.getId());
        assertThat(now.getTitle()).isEqualTo("Moving entry, recreated");
        assertThat(now.getStatus()).as("not archived").isNotEqualTo(EntryStatus.CANCELLED);
        assertThat(data.count("SELECT COUNT(*) FROM illumera_link WHERE id = ? AND illumera_id = ? AND state = 'LINKED'",
                link, recreated.id())).isEqualTo(1);
        assertThat(runOnce().count("ENTRY", "MOVED")).isZero();
    }
}
