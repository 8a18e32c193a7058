package dev.align.illumera.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockAccessDeniedException;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.history.SyncHistory;
import dev.align.illumera.sync.SyncRun;
import dev.align.organisation.Plan;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import dev.align.supportaccess.SupportAccess;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

import java.util.List;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sync history, a run's drill-down and the conflict inspector, as Owners, Admins and support staff
 * see them. The sync's records are written as the engine writes them (its own tests cover how).
 */
class SyncScreensViewTest extends KaribuTestBase {

    @Autowired JdbcClient jdbc;
    @Autowired EntryService entries;
    @Autowired ProjectService projects;
    @Autowired SupportAccess supportAccess;

    Tenant tenant;
    long entryId;
    long succeeded;
    long partial;

    @BeforeEach
    void records() {
        tenant = data.tenant(Plan.BUSINESS);
        signIn(tenant.admin());
        long project = projects.create(new ProjectDraft("Website", null)).getId();
        var written = entries.create(new EntryDraft(project, null, "Write it", EntryStatus.TODO, null, null, null));
        entryId = entries.update(written.getId(), written.getVersion(), new EntryDraft(project, null, "Write the guide",
                EntryStatus.TODO, null, null, null)).getId();
        succeeded = run(tenant.id(), "SCHEDULED", "SUCCEEDED", "{\"ENTRY\":{\"UPDATED\":1}}");
        item(succeeded, "UPDATED", "TO_ILLUMERA", "{\"ENTRY_TITLE\":[\"Write it\",\"Write the guide\"]}", null);
        partial = run(tenant.id(), "MANUAL", "PARTIAL", "{\"ENTRY\":{\"ERROR\":2}}");
        item(partial, "ERROR", "TO_ALIGN", null, "Changed in Align meanwhile: decided again in the next run.");
        item(partial, "ERROR", "TO_ALIGN", null, "Changed in Align meanwhile: decided again in the next run.");
        long link = insert("INSERT INTO illumera_link (organisation_id, record_type, align_id, illumera_id, workspace_id,"
                + " state, created_at, updated_at) VALUES (?, 'ENTRY', ?, 'tsk_1', 'ws_1', 'LINKED', NOW(6), NOW(6))",
                tenant.id(), entryId);
        insert("INSERT INTO illumera_conflict (organisation_id, link_id, field, base_value, align_value, illumera_value,"
                + " detected_at, open_key) VALUES (?, ?, 'ENTRY_TITLE', 'Write it', 'Write the guide', 'Write the manual',"
                + " NOW(6), ?)", tenant.id(), link, link + ":ENTRY_TITLE");
        Tenant other = data.tenant(Plan.BUSINESS);
        run(other.id(), "SCHEDULED", "FAILED", "{}");
    }

    @Test
    void the_history_lists_the_organisations_runs_newest_first_and_filters_by_outcome() {
        navigate("settings/add-ons/history");
        var view = _get(SyncHistoryView.class);

        assertThat(GridKt._fetch(view.grid, 0, 50)).extracting(SyncRun::id).containsExactly(partial, succeeded);
        assertThat(GridKt._getFormattedRow(view.grid, 0)).contains("Manual", "Partly failed", "Entries: 2 error");

        view.outcome.setValue(SyncRun.Outcome.SUCCEEDED);
        assertThat(GridKt._fetch(view.grid, 0, 50)).extracting(SyncRun::id).containsExactly(succeeded);
        view.outcome.setValue(SyncRun.Outcome.FAILED);
        assertThat(GridKt._fetch(view.grid, 0, 50)).as("another organisation's failed run is not here").isEmpty();
    }

    @Test
    void a_run_shows_each_record_by_name_with_fields_before_and_after_and_its_errors_grouped_with_what_to_do() {
        navigate(RunView.route(succeeded));
        var run = _get(RunView.class);
        assertThat(GridKt._fetch(run.records, 0, 50)).singleElement().satisfies(record -> {
            assertThat(record.entryTitle()).isEqualTo("Write the guide");
            assertThat(record.changes()).singleElement().satisfies(change -> {
                assertThat(change.label()).isEqualTo("Entry title");
                assertThat(change.before()).isEqualTo("Write it");
                assertThat(change.after()).isEqualTo("Write the guide");
            });
        });
        assertThat(run.retry.isEnabled()).as("nothing failed").isFalse();

        navigate(RunView.route(partial));
        var failed = _get(RunView.class);
        String errors = failed.errors.getElement().getTextRecursively();
        assertThat(errors).contains("2 × Changed in Align meanwhile").contains("What to do: Nothing");
        assertThat(failed.retry.isVisible() && failed.retry.isEnabled()).isTrue();
    }

    @Test
    void an_entrys_sync_panel_shows_its_task_its_state_and_what_the_sync_did_to_it() {
        navigate(EntrySyncView.route(entryId));
        var view = _get(EntrySyncView.class);

        assertThat(view.title.getText()).contains("tsk_1");
        assertThat(view.state.getElement().getAttribute("data-state")).as("a conflict outweighs its failed run")
                .isEqualTo("CONFLICT");
        assertThat(view.state.getText()).contains("1 field waits in the conflict inspector");
        assertThat(view.times.getText()).contains("Last sent to Illumera: 20");
        assertThat(GridKt._fetch(view.records, 0, 50)).extracting(r -> r.runId())
                .containsExactly(partial, partial, succeeded);
    }

    @Test
    void the_release_report_draws_each_release_with_its_entries_on_both_sides() {
        long release = insert("INSERT INTO work_release (organisation_id, project_id, name, status) SELECT organisation_id,"
                + " project_id, 'Spring launch', 'PLANNED' FROM entry WHERE id = ?", entryId);
        jdbc.sql("UPDATE entry SET release_id = ?, tracked_minutes = 90 WHERE id = ?").params(release, entryId).update();

        navigate("settings/add-ons/report");

        String shown = _get(ReportView.class).charts.getElement().getChildren()
                .map(child -> child.getOuterHTML()).reduce("", String::concat);
        assertThat(shown).contains("Website · Spring launch").contains("1 h 30 min tracked")
                .contains("1 entries, 1 h 30 min tracked. Align: 1 To do").contains("1 in conflict");
    }

    @Test
    void duplicates_show_the_rule_and_fix_and_a_held_entry_and_task_can_be_chosen_to_link() {
        insert("INSERT INTO illumera_duplicate (organisation_id, task_id, task_name, entry_id, linked_task_id, found_at)"
                + " VALUES (?, 'tsk_copy', 'Write the guide', ?, 'tsk_1', NOW(6))", tenant.id(), entryId);
        long heldEntry = insert("INSERT INTO illumera_link (organisation_id, record_type, align_id, workspace_id, state,"
                + " created_at, updated_at) VALUES (?, 'ENTRY', ?, 'ws_1', 'HELD', NOW(6), NOW(6))", tenant.id(),
                entries.create(new EntryDraft(projects.all().getFirst().getId(), null, "Shared", EntryStatus.TODO, null,
                        null, null)).getId());
        long heldTask = insert("INSERT INTO illumera_link (organisation_id, record_type, illumera_id, workspace_id, state,"
                + " held_name, created_at, updated_at) VALUES (?, 'ENTRY', 'tsk_shared', 'ws_1', 'HELD', 'Shared',"
                + " NOW(6), NOW(6))", tenant.id());

        navigate(DuplicatesView.ROUTE);
        var view = _get(DuplicatesView.class);

        assertThat(GridKt._getFormattedRow(view.duplicates, 0)).contains("Write the guide (tsk_copy)",
                "Write the guide (#" + entryId + ")", "tsk_1");
        var held = GridKt._fetch(view.held, 0, 10);
        assertThat(held).extracting(SyncHistory.Held::id).containsExactlyInAnyOrder(heldEntry, heldTask);
        assertThat(held).extracting(SyncHistory.Held::name).containsOnly("Shared");
        view.held.select(held.getFirst());
        assertThat(view.link.isEnabled()).isFalse();
        view.held.select(held.getLast());
        assertThat(view.link.isEnabled()).isTrue();
    }

    @Test
    void undoing_a_run_shows_what_it_restores_first_and_then_writes_it_back() {
        navigate(RunView.route(succeeded));
        _click(_get(RunView.class).undoRun);
        var dialog = _get(UndoDialog.class);
        assertThat(GridKt._getFormattedRow(dialog.steps, 0)).contains("Entry title", "Write the guide → Write it");
        assertThat(entries.get(entryId).getTitle()).as("the preview writes nothing").isEqualTo("Write the guide");

        _click(dialog.confirm);

        assertThat(entries.get(entryId).getTitle()).isEqualTo("Write it");
        assertThat(data.count("SELECT COUNT(*) FROM audit_record WHERE organisation_id = ? AND action = 'illumera.run-undone'",
                tenant.id())).isEqualTo(1);
    }

    @Test
    void another_organisations_run_and_entry_are_not_found_and_its_lists_are_empty() {
        Tenant other = data.tenant(Plan.BUSINESS);
        signIn(other.owner());

        assertThatThrownBy(() -> navigate(RunView.route(partial))).isInstanceOf(com.github.mvysny.kaributesting.v10.NotFoundError.class);
        assertThatThrownBy(() -> navigate(EntrySyncView.route(entryId)))
                .isInstanceOf(com.github.mvysny.kaributesting.v10.NotFoundError.class);
        navigate(ConflictsView.ROUTE);
        assertThat(GridKt._fetch(_get(ConflictsView.class).waiting, 0, 50)).isEmpty();
    }

    @Test
    void the_inspector_shows_the_three_values_and_resolves_the_selected_conflicts() {
        navigate(ConflictsView.ROUTE);
        var view = _get(ConflictsView.class);
        var waiting = GridKt._fetch(view.waiting, 0, 50);
        assertThat(waiting).singleElement().satisfies(c -> {
            assertThat(c.entryTitle()).isEqualTo("Write the guide");
            assertThat(List.of(c.baseValue(), c.alignValue(), c.illumeraValue()))
                    .containsExactly("Write it", "Write the guide", "Write the manual");
        });
        assertThat(view.keepIllumera.isEnabled()).as("nothing selected yet").isFalse();

        view.waiting.select(waiting.getFirst());
        _click(view.keepIllumera);

        assertThat(GridKt._fetch(view.waiting, 0, 50)).isEmpty();
        assertThat(GridKt._fetch(view.resolved, 0, 50)).singleElement().satisfies(c -> {
            assertThat(c.resolution()).isEqualTo("ILLUMERA");
            assertThat(c.appliedAt()).as("applied by the next run").isNull();
        });
        assertThat(GridKt._getFormattedRow(view.resolved, 0)).anyMatch(cell -> cell.contains("Illumera's: Write the manual"));
    }

    @Test
    void support_staff_with_a_grant_read_every_screen_without_its_buttons_and_each_screen_is_recorded_once() {
        String support = data.supportUser();
        signIn(support);
        assertThatThrownBy(() -> navigate(ConflictsView.ROUTE)).as("no grant yet").isInstanceOf(MockAccessDeniedException.class);
        supportAccess.open(tenant.id(), "Ticket 12: the customer sees conflicts they cannot explain", "12");

        navigate("settings/add-ons/history");
        var history = _get(SyncHistoryView.class);
        GridKt._fetch(history.grid, 0, 50);
        history.outcome.setValue(SyncRun.Outcome.PARTIAL);
        assertThat(GridKt._fetch(history.grid, 0, 50)).extracting(SyncRun::id).containsExactly(partial);
        navigate(RunView.route(partial));
        assertThat(_get(RunView.class).retry.isVisible()).isFalse();
        navigate(ConflictsView.ROUTE);
        var conflicts = _get(ConflictsView.class);
        assertThat(GridKt._fetch(conflicts.waiting, 0, 50)).hasSize(1);
        assertThat(conflicts.keepAlign.getParent().orElseThrow().isVisible()).isFalse();

        assertThat(jdbc.sql("SELECT target FROM audit_record WHERE organisation_id = ? AND action = 'support.screen-opened'"
                        + " ORDER BY id").param(tenant.id()).query(String.class).list())
                .as("one record per screen opened, not per page of data")
                .containsExactly("Sync history", "Sync run " + partial, "Conflicts");

        navigate("settings/add-ons");
        var card = _get(AddOnsView.class);
        assertThat(card.state.getText()).as("the card, read-only").isEqualTo("Not connected");
        assertThat(List.of(card.connect, card.syncNow, card.disconnect, card.newKey)).noneMatch(b -> b.isVisible());
        assertThat(card.settings).isNull();
    }

    private long run(long organisationId, String trigger, String outcome, String counts) {
        return insert("INSERT INTO illumera_sync_run (organisation_id, run_trigger, node, started_at, ended_at, outcome,"
                + " counts) VALUES (?, ?, 'node-1', NOW(6), NOW(6), ?, ?)", organisationId, trigger, outcome, counts);
    }

    private void item(long runId, String action, String direction, String changes, String message) {
        insert("INSERT INTO illumera_sync_item (run_id, organisation_id, record_type, align_id, illumera_id, direction,"
                + " action, changes, message, at) VALUES (?, ?, 'ENTRY', ?, 'tsk_1', ?, ?, ?, ?, NOW(6))",
                runId, tenant.id(), entryId, direction, action, changes, message);
    }

    private long insert(String sql, Object... params) {
        var key = new GeneratedKeyHolder();
        jdbc.sql(sql).params(params).update(key, "id");
        return key.getKey().longValue();
    }
}
