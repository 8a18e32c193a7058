package dev.align.illumera.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import dev.align.audit.AuditQuery;
import dev.align.audit.AuditTrail;
import dev.align.entry.EntryStatus;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.SettingsSaved;
import dev.align.illumera.TriggerEvent;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.IllumeraField;
import dev.align.organisation.Plan;
import dev.align.support.KaribuTestBase;
import dev.align.support.SandboxAdmin;
import dev.align.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

import java.util.Set;
import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings panel: the mapping grid's defaults, overrides and refusals, the status value table,
 * preview before the first save, the import-rule question, and Save starting the initial sync.
 */
@RecordApplicationEvents
class SettingsPanelTest extends KaribuTestBase {

    @Autowired SandboxAdmin sandbox;
    @Autowired IllumeraAddOnService addOn;
    @Autowired AuditTrail audit;
    @Autowired ApplicationEvents events;

    Tenant tenant;

    @BeforeEach
    void admin() {
        tenant = data.tenant(Plan.BUSINESS);
        signIn(tenant.admin());
    }

    /** The card's settings editor; once settings were saved, opened with "Edit settings" as a person does. */
    private SettingsPanel open() {
        navigate("login");
        navigate("settings/add-ons");
        AddOnsView view = _get(AddOnsView.class);
        if (view.settingsSummary != null) {
            _click(view.settingsSummary.edit);
        }
        return view.settings;
    }

    /** The demo workspace: its statuses and its custom fields of each type (read only here: nothing syncs). */
    private SettingsPanel openOnDemoWorkspace() {
        addOn.connect(sandbox.newKey("ws_AlignDemo", null).key(), "ws_AlignDemo");
        return open();
    }

    @Test
    void the_grid_has_one_row_per_align_field_with_the_help_pages_defaults() {
        SettingsPanel panel = openOnDemoWorkspace();

        assertThat(GridKt._size(panel.mapping)).isEqualTo(AlignField.values().length);
        assertThat(panel.rows.get(AlignField.ENTRY_TITLE).target.getValue()).isEqualTo(IllumeraField.TASK_NAME);
        assertThat(panel.rows.get(AlignField.ENTRY_STATUS).target.getValue()).isEqualTo(IllumeraField.TASK_STATUS);
        assertThat(panel.rows.get(AlignField.ASSIGNED_USER).target.getValue()).isEqualTo(IllumeraField.ASSIGNEE);
        assertThat(panel.rows.get(AlignField.PROJECT).target.getValue()).isEqualTo(IllumeraField.WORKSPACE);
        assertThat(panel.rows.get(AlignField.RELEASE).target.getValue()).isEqualTo(IllumeraField.SPRINT);
        assertThat(panel.rows.get(AlignField.DUE_DATE).target.getValue()).isEqualTo(IllumeraField.DUE_DATE);
        assertThat(panel.rows.get(AlignField.TRACKED_TIME).on.getValue()).isFalse();
        assertThat(panel.rows.values()).allSatisfy(row -> assertThat(row.problem.getText()).isEmpty());
        assertThat(panel.direction.getValue()).isEqualTo(Direction.BIDIRECTIONAL);
        assertThat(panel.policy.getValue()).isEqualTo(ConflictPolicy.ASK_ME);
        assertThat(panel.propagateDeletes.getValue()).as("deletes are not propagated unless asked").isFalse();
        assertThat(panel.toIllumera.get(EntryStatus.DONE).getValue()).as("suggested by name").isEqualTo("done");
        assertThat(panel.toIllumera.get(EntryStatus.IN_REVIEW).getValue()).as("by category").isEqualTo("doing");
        assertThat(panel.toAlign.get("wontdo").getValue()).isEqualTo(EntryStatus.DONE);
    }

    @Test
    void an_incompatible_field_is_refused_on_its_row_with_the_reason_and_nothing_is_saved() {
        SettingsPanel panel = openOnDemoWorkspace();
        IllumeraField notes = panel.rows.get(AlignField.ENTRY_TITLE).target.getListDataView().getItems()
                .filter(f -> f.key().equals("cf_notes")).findFirst().orElseThrow();
        IllumeraField minutes = panel.rows.get(AlignField.TRACKED_TIME).target.getListDataView().getItems()
                .filter(f -> f.key().equals("cf_minutes")).findFirst().orElseThrow();

        panel.rows.get(AlignField.DUE_DATE).target.setValue(notes);
        panel.rows.get(AlignField.TRACKED_TIME).on.setValue(true);
        panel.rows.get(AlignField.TRACKED_TIME).target.setValue(minutes);

        var dueDate = panel.rows.get(AlignField.DUE_DATE);
        assertThat(dueDate.problem.getText()).isEqualTo("Due date holds a date; Notes holds a text.");
        assertThat(dueDate.target.isInvalid()).isTrue();
        assertThat(panel.rows.get(AlignField.TRACKED_TIME).problem.getText())
                .as("tracked time onto a number custom field is fine").isEmpty();
        _click(panel.save);
        assertThat(dueDate.problem.getText()).as("the service refused it too, on the row")
                .isEqualTo("Due date holds a date; Notes holds a text.");
        assertThat(addOn.settings().version()).isZero();

        panel.rows.get(AlignField.ENTRY_TITLE).on.setValue(false);
        assertThat(panel.rows.get(AlignField.ENTRY_TITLE).problem.getText()).contains("cannot be switched off");
    }

    @Test
    void the_rows_directions_follow_a_narrower_connection_and_the_value_table_shows_the_halves_in_use() {
        SettingsPanel panel = openOnDemoWorkspace();
        panel.rows.get(AlignField.DUE_DATE).direction.setValue(Direction.ILLUMERA_TO_ALIGN);

        panel.direction.setValue(Direction.ALIGN_TO_ILLUMERA);

        assertThat(panel.rows.values()).allSatisfy(row -> {
            assertThat(row.direction.getValue()).isEqualTo(Direction.ALIGN_TO_ILLUMERA);
            assertThat(row.direction.getListDataView().getItems()).containsExactly(Direction.ALIGN_TO_ILLUMERA);
        });
        assertThat(panel.toIllumeraTable.isVisible()).isTrue();
        assertThat(panel.toAlignTable.isVisible()).as("nothing comes back into Align").isFalse();

        panel.direction.setValue(Direction.BIDIRECTIONAL);
        assertThat(panel.rows.get(AlignField.DUE_DATE).direction.getValue())
                .as("widening gives the row back the direction the person chose").isEqualTo(Direction.ILLUMERA_TO_ALIGN);
        assertThat(panel.rows.get(AlignField.ENTRY_TITLE).direction.getValue()).as("the others follow the connection")
                .isEqualTo(Direction.BIDIRECTIONAL);
        panel.toAlign.get("blocked").setValue(null);
        assertThat(panel.toAlignTable.isVisible()).isTrue();
        assertThat(panel.rows.get(AlignField.ENTRY_STATUS).problem.getText())
                .isEqualTo("Illumera status \"Blocked\" has no Align status.");
        panel.toAlign.get("blocked").setValue(EntryStatus.BLOCKED);
        assertThat(panel.rows.get(AlignField.ENTRY_STATUS).problem.getText()).isEmpty();

        panel.rows.get(AlignField.ENTRY_STATUS).on.setValue(false);
        assertThat(panel.statusTable.isVisible()).as("no status sync, no value table").isFalse();
    }

    @Test
    void preview_then_save_asks_with_the_preview_saves_audited_and_starts_the_initial_sync() {
        String workspace = sandbox.newWorkspace("Save " + UUID.randomUUID().toString().substring(0, 8));
        addOn.connect(sandbox.newKey(workspace, null).key(), workspace);
        SettingsPanel panel = open();
        panel.policy.setValue(ConflictPolicy.MOST_RECENT);
        panel.triggers.setValue(Set.of(TriggerEvent.RELEASE_PUBLISHED));

        _click(panel.preview);
        assertThat(panel.previewText.isVisible()).isTrue();
        assertThat(panel.previewText.getText()).matches("The initial sync will link 0, create \\d+ in Illumera, 0 in"
                + " Align, 0 conflicts\\..*");
        _click(panel.save);
        Confirm confirm = _get(Confirm.class, spec -> spec.withId("save-confirm"));
        assertThat(confirm.getElement().getTextRecursively()).contains("The initial sync starts as soon as you save")
                .contains("will link 0");
        assertThat(addOn.settings().version()).as("nothing saved before the answer").isZero();
        _click(confirm.confirm);

        assertThat(panel.previewText.isVisible()).as("the card follows the sync from here").isFalse();
        var saved = addOn.settings();
        assertThat(saved.version()).isEqualTo(1);
        assertThat(saved.settings().conflictPolicy()).isEqualTo(ConflictPolicy.MOST_RECENT);
        assertThat(saved.settings().triggers()).containsExactly(TriggerEvent.RELEASE_PUBLISHED);
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.settings"), null, 5)).hasSize(1);
        assertThat(events.stream(SettingsSaved.class).map(SettingsSaved::organisationId))
                .as("saving starts the initial sync (the listener that runs it is tested in SyncEngineTest)")
                .containsExactly(tenant.id());
        AddOnsView view = _get(AddOnsView.class);
        assertThat(view.syncNow.isVisible()).isTrue();
        assertThat(view.nextSync.getText()).isEqualTo("Next sync: due now (every 5 min)");
        assertThat(UI.getCurrent().getPollInterval()).as("the card follows the sync as it goes")
                .isEqualTo(AddOnsView.POLL_RUNNING_MS);

        panel.propagateDeletes.setValue(true);
        _click(panel.save);
        assertThat(addOn.settings().version()).as("later saves do not ask again").isEqualTo(2);
        assertThat(addOn.settings().settings().propagateDeletes()).isTrue();
        NotificationsKt.clearNotifications();
    }

    @Test
    void a_row_s_own_policy_and_the_first_link_choice_are_saved_audited_and_shown_again() {
        String workspace = sandbox.newWorkspace("Rows " + UUID.randomUUID().toString().substring(0, 8));
        addOn.connect(sandbox.newKey(workspace, null).key(), workspace);
        SettingsPanel panel = open();
        panel.policy.setValue(ConflictPolicy.ASK_ME);
        var due = panel.rows.get(dev.align.illumera.mapping.AlignField.DUE_DATE).policy;
        assertThat(due.getEmptySelectionCaption()).isEqualTo("Default");
        assertThat(due.getTooltip().getText()).as("says which policy the default is")
                .isEqualTo("Default: Ask me (conflict inspector)");
        due.setValue(ConflictPolicy.PREFER_ILLUMERA_UNLESS_BLANK);
        panel.firstLink.setValue(dev.align.illumera.FirstLinkChoice.ILLUMERA);

        _click(panel.save);
        _click(_get(Confirm.class, spec -> spec.withId("save-confirm")).confirm);

        var saved = addOn.settings().settings();
        assertThat(saved.fieldPolicies()).containsExactly(java.util.Map.entry(
                dev.align.illumera.mapping.AlignField.DUE_DATE, ConflictPolicy.PREFER_ILLUMERA_UNLESS_BLANK));
        assertThat(saved.policyOf(dev.align.illumera.mapping.AlignField.ENTRY_TITLE)).isEqualTo(ConflictPolicy.ASK_ME);
        assertThat(saved.firstLink()).isEqualTo(dev.align.illumera.FirstLinkChoice.ILLUMERA);
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.settings"), null, 5).getFirst().difference())
                .contains("Keep Illumera's values").contains("Illumera wins unless its value is blank");
        SettingsPanel reloaded = open();
        assertThat(reloaded.rows.get(dev.align.illumera.mapping.AlignField.DUE_DATE).policy.getValue())
                .isEqualTo(ConflictPolicy.PREFER_ILLUMERA_UNLESS_BLANK);
        assertThat(reloaded.rows.get(dev.align.illumera.mapping.AlignField.ENTRY_TITLE).policy.getValue())
                .as("follows the connection").isNull();
        assertThat(reloaded.firstLink.getValue()).isEqualTo(dev.align.illumera.FirstLinkChoice.ILLUMERA);
        NotificationsKt.clearNotifications();
    }

    @Test
    void two_way_sync_over_an_import_rule_warns_on_the_page_and_asks_before_saving() {
        String workspace = sandbox.newWorkspace("Imports " + UUID.randomUUID().toString().substring(0, 8));
        sandbox.post("/admin/workspaces/" + workspace + "/import-rules", "{\"source\": \"align\", \"enabled\": true}");
        addOn.connect(sandbox.newKey(workspace, null).key(), workspace);
        SettingsPanel panel = open();
        assertThat(panel.loopWarning.isVisible()).isTrue();
        assertThat(panel.loopWarning.getText()).contains("import rule").contains("loop");

        _click(panel.save);
        Confirm confirm = _get(Confirm.class, spec -> spec.withId("save-confirm"));
        assertThat(confirm.getElement().getTextRecursively()).contains("loop");
        assertThat(confirm.confirm.getText()).isEqualTo("Save and sync both ways");
        _click(confirm.confirm);
        assertThat(addOn.settings().version()).isEqualTo(1);

        AddOnsView view = _get(AddOnsView.class);
        var check = _get(view.troubleshooting, com.vaadin.flow.component.html.Div.class,
                spec -> spec.withId("check-import-rules"));
        assertThat(check.getElement().getAttribute("data-level")).isEqualTo("PROBLEM");
        panel.direction.setValue(Direction.ALIGN_TO_ILLUMERA);
        assertThat(panel.loopWarning.isVisible()).isFalse();
        NotificationsKt.clearNotifications();
    }
}
