package dev.align.illumera;

import dev.align.audit.AuditQuery;
import dev.align.audit.AuditTrail;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.IllumeraField;
import dev.align.notification.Notifications;
import dev.align.organisation.Plan;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings → Add-ons, headless: defaults, validation, the loop warning, saving, notifications. */
@AlignIntegration
class IllumeraSettingsTest {

    static final String DEMO_KEY = "ilm_test_AlignDemoValidKey000000000000001";

    @Autowired IllumeraAddOnService addOn;
    @Autowired Notifications notifications;
    @Autowired AuditTrail audit;
    @Autowired TestData data;
    @Autowired dev.align.support.SandboxAdmin sandbox;

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
    void settings_need_a_connection() {
        assertThatThrownBy(() -> addOn.settings()).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.fieldErrors()).containsEntry("connection", "Connect Illumera first."));
    }

    @Test
    void the_defaults_are_offered_against_the_home_workspace_and_save_once_audited() {
        addOn.connect(DEMO_KEY, "ws_AlignDemo");

        SettingsView defaults = addOn.settings();
        assertThat(defaults.version()).isZero();
        assertThat(defaults.schema().statuses()).extracting(s -> s.key()).contains("todo", "doing", "done", "blocked");
        assertThat(defaults.schema().customFields()).extracting(IllumeraField::key).contains("cf_minutes", "cf_reviewer");
        assertThat(defaults.settings().mapping().row(AlignField.ENTRY_TITLE).target()).isEqualTo(IllumeraField.TASK_NAME);

        var mapping = defaults.settings().mapping();
        var minutes = defaults.schema().customFields().stream().filter(f -> f.key().equals("cf_minutes")).findFirst()
                .orElseThrow();
        var chosen = new AddOnSettings(mapping.withRow(mapping.row(AlignField.TRACKED_TIME).withTarget(minutes)
                .switchedOn(true)), ConflictPolicy.MOST_RECENT, Set.of(TriggerEvent.RELEASE_PUBLISHED), true);
        SettingsView saved = addOn.saveSettings(chosen, 0, false);

        assertThat(saved.version()).isEqualTo(1);
        assertThat(addOn.settings().settings()).isEqualTo(chosen);
        var records = audit.forOrganisation(AuditQuery.action("illumera.settings"), null, 10);
        assertThat(records).hasSize(1);
        assertThat(records.getFirst().difference()).contains("Most recent change wins").contains("Tracked minutes")
                .contains("release.published");
        assertThatThrownBy(() -> addOn.saveSettings(chosen, 0, false)).isInstanceOf(OptimisticLockingFailureException.class);
        assertThatThrownBy(() -> addOn.saveSettings(chosen, 7, false)).isInstanceOf(OptimisticLockingFailureException.class);
        assertThat(addOn.saveSettings(chosen, 1, false).version()).isEqualTo(2);
    }

    @Test
    void an_invalid_mapping_is_refused_row_by_row_and_nothing_is_saved() {
        addOn.connect(DEMO_KEY, "ws_AlignDemo");
        var mapping = addOn.settings().settings().mapping();
        var broken = new AddOnSettings(mapping.withRow(mapping.row(AlignField.ENTRY_TITLE).switchedOn(false))
                .withRow(mapping.row(AlignField.TRACKED_TIME).switchedOn(true)), ConflictPolicy.ASK_ME, Set.of(), false);

        assertThatThrownBy(() -> addOn.saveSettings(broken, 0, false)).isInstanceOfSatisfying(InvalidInputException.class,
                e -> assertThat(e.fieldErrors()).containsOnlyKeys("mapping.ENTRY_TITLE", "mapping.TRACKED_TIME"));
        assertThat(addOn.settings().version()).isZero();
    }

    @Test
    void two_way_sync_with_an_import_rule_that_copies_align_warns_and_needs_confirmation() {
        String workspace = sandbox.newWorkspace("Imports");
        sandbox.post("/admin/workspaces/" + workspace + "/import-rules", "{\"source\": \"align\", \"enabled\": true}");
        addOn.connect(sandbox.newKey(workspace, null).key(), workspace);

        assertThat(addOn.loopWarning(Direction.BIDIRECTIONAL, false)).hasValueSatisfying(w -> assertThat(w).contains("loop"));
        assertThat(addOn.loopWarning(Direction.ALIGN_TO_ILLUMERA, false)).isEmpty();
        var mapping = addOn.settings().settings().mapping();
        var settings = new AddOnSettings(mapping, ConflictPolicy.ASK_ME, Set.of(), false);
        assertThatThrownBy(() -> addOn.saveSettings(settings, 0, false)).isInstanceOfSatisfying(
                InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsKey("direction"));
        assertThat(addOn.saveSettings(settings, 0, true).version()).isEqualTo(1);
        assertThatThrownBy(() -> addOn.saveSettings(settings, 1, false))
                .as("the confirmation is asked again at every save, never stored")
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void views_read_the_workspace_once_per_ttl_saves_read_afresh_and_a_new_key_reads_again() {
        String workspace = sandbox.newWorkspace("Viewed often");
        var key = sandbox.newKey(workspace, null);
        addOn.connect(key.key(), workspace);
        long before = sandbox.requestTotal(key.keyId());

        for (int view = 0; view < 5; view++) {
            addOn.settings();
            assertThat(addOn.loopWarning(Direction.BIDIRECTIONAL, false)).isEmpty();
        }
        assertThat(sandbox.requestTotal(key.keyId()) - before)
                .as("statuses, fields and import rules once for five views").isEqualTo(3);

        sandbox.post("/admin/workspaces/" + workspace + "/import-rules", "{\"source\": \"align\", \"enabled\": true}");
        assertThat(addOn.loopWarning(Direction.BIDIRECTIONAL, false)).as("as read a moment ago").isEmpty();
        var settings = new AddOnSettings(addOn.settings().settings().mapping(), ConflictPolicy.ASK_ME, Set.of(), false);
        assertThatThrownBy(() -> addOn.saveSettings(settings, 0, false)).as("saving asks Illumera again")
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.fieldErrors()).containsKey("direction"));
        assertThat(addOn.loopWarning(Direction.BIDIRECTIONAL, false)).as("and views see what it answered").isPresent();

        var newKey = sandbox.newKey(workspace, null);
        addOn.connect(newKey.key(), workspace);
        long newKeyBefore = sandbox.requestTotal(newKey.keyId());
        addOn.settings();
        assertThat(sandbox.requestTotal(newKey.keyId()) - newKeyBefore).as("a new key reads afresh").isEqualTo(2);
    }

    @Test
    void asking_again_reads_the_import_rules_now() {
        String workspace = sandbox.newWorkspace("Asked again");
        addOn.connect(sandbox.newKey(workspace, null).key(), workspace);
        assertThat(addOn.loopWarning(Direction.BIDIRECTIONAL, false)).isEmpty();

        sandbox.post("/admin/workspaces/" + workspace + "/import-rules", "{\"source\": \"align\", \"enabled\": true}");

        assertThat(addOn.loopWarning(Direction.BIDIRECTIONAL, false)).as("as read a moment ago").isEmpty();
        assertThat(addOn.loopWarning(Direction.BIDIRECTIONAL, true)).isPresent();
    }

    @Test
    void connecting_to_another_workspace_starts_its_settings_from_the_defaults() {
        addOn.connect(DEMO_KEY, "ws_AlignDemo");
        var view = addOn.settings();
        addOn.saveSettings(new AddOnSettings(view.settings().mapping(), ConflictPolicy.ILLUMERA_WINS, Set.of(), false),
                0, false);
        String other = sandbox.newWorkspace("Elsewhere");

        addOn.connect(sandbox.newKey(other, null).key(), other);

        assertThat(addOn.settings().version()).isZero();
        assertThat(addOn.settings().settings().conflictPolicy()).isEqualTo(ConflictPolicy.ASK_ME);
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.connect"), null, 1).getFirst()
                .difference()).contains("reset to the defaults");
    }

    @Test
    void the_demo_workspace_has_no_active_align_import_rule() {
        addOn.connect(DEMO_KEY, "ws_AlignDemo");

        assertThat(addOn.loopWarning(Direction.BIDIRECTIONAL, false)).isEmpty();
    }

    @Test
    void a_key_close_to_expiry_notifies_once_and_the_notice_can_be_dismissed_by_its_organisation_only() {
        String key = sandbox.newKey("ws_AlignDemo", 864_000L).key();

        addOn.connect(key, "ws_AlignDemo");
        addOn.connect(key, "ws_AlignDemo");

        var unread = notifications.unread();
        assertThat(unread).hasSize(1);
        assertThat(unread.getFirst().message()).contains("expires on").doesNotContain(key);
        data.login(data.tenant(Plan.BUSINESS).owner());
        assertThatThrownBy(() -> notifications.dismiss(unread.getFirst().id())).isInstanceOf(NotFoundException.class);
        data.login(tenant.owner());
        notifications.dismiss(unread.getFirst().id());
        assertThat(notifications.unread()).isEmpty();
    }
}
