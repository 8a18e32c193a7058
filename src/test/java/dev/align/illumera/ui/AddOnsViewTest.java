package dev.align.illumera.ui;

import com.github.mvysny.kaributesting.v10.NotificationsKt;
import com.vaadin.flow.component.UI;
import dev.align.audit.AuditQuery;
import dev.align.audit.AuditTrail;
import dev.align.illumera.ConnectionTest.Failure;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.organisation.Plan;
import dev.align.support.KaribuTestBase;
import dev.align.support.SandboxAdmin;
import dev.align.support.Tenant;
import dev.align.illumera.sync.IllumeraSync;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The Illumera card in each of its states, the connect dialog's every answer, disconnect and resume. */
class AddOnsViewTest extends KaribuTestBase {

    static final String DEMO_KEY = "ilm_test_AlignDemoValidKey000000000000001";
    static final String EXPIRED_KEY = "ilm_test_AlignDemoExpiredKey0000000000001";
    static final String OTHER_KEY = "ilm_test_AlignDemoOtherKey000000000000001";

    @Autowired SandboxAdmin sandbox;
    @Autowired IllumeraAddOnService addOn;
    @Autowired IllumeraSync sync;
    @Autowired AuditTrail audit;
    @Autowired JdbcClient jdbc;

    Tenant tenant;

    @BeforeEach
    void admin() {
        tenant = data.tenant(Plan.BUSINESS);
        signIn(tenant.admin());
    }

    @AfterEach
    void noFaults() {
        sandbox.delete("/admin/faults");
    }

    private AddOnsView open() {
        navigate("login");
        navigate("settings/add-ons");
        return _get(AddOnsView.class);
    }

    record Fresh(String workspace, SandboxAdmin.Key key) {
    }

    /** A workspace of its own (no other test syncs into it) and a key for it, connected through the service. */
    private Fresh connectFresh(Long keyExpiresInSeconds) {
        String workspace = sandbox.newWorkspace("Card " + UUID.randomUUID().toString().substring(0, 8));
        var key = sandbox.newKey(workspace, keyExpiresInSeconds);
        addOn.connect(key.key(), workspace);
        return new Fresh(workspace, key);
    }

    @Test
    void the_illumera_card_is_not_connected_for_a_plan_with_the_add_on() {
        AddOnsView view = open();

        assertThat(view.state.getText()).isEqualTo("Not connected");
        assertThat(view.shown).isEqualTo(CardHealth.Shown.NOT_CONNECTED);
        assertThat(view.connect.isVisible()).isTrue();
        assertThat(view.disconnect.isVisible()).isFalse();
        assertThat(view.troubleshooting.isVisible()).isFalse();
        assertThat(view.settings).isNull();
    }

    @Test
    void saved_settings_show_as_a_summary_until_edit_opens_the_editor() {
        connectFresh(null);
        AddOnsView first = open();
        assertThat(first.settingsSummary).as("nothing saved yet: the editor at once").isNull();
        _click(first.settings.save);
        _click(_get(Confirm.class, spec -> spec.withId("save-confirm")).confirm);
        assertThat(first.settings).as("the editor stays where it was used").isNotNull();
        NotificationsKt.clearNotifications();
        var oneWay = dev.align.illumera.mapping.MappingModel.Mapping.defaults(
                dev.align.illumera.mapping.Direction.ALIGN_TO_ILLUMERA, addOn.settings().schema());
        addOn.saveSettings(new dev.align.illumera.AddOnSettings(oneWay.withRow(oneWay.row(
                dev.align.illumera.mapping.AlignField.PROJECT).switchedOn(false)),
                dev.align.illumera.ConflictPolicy.ASK_ME, java.util.Set.of(), false), 1, false);

        AddOnsView view = open();

        assertThat(view.settings).isNull();
        assertThat(view.settingsSummary.text.getText()).startsWith("Align → Illumera").contains("fields mapped")
                .contains("Conflicts: Ask me").contains("Workflows: none").contains("Deletes only reported");
        assertThat(_get(view.troubleshooting, com.vaadin.flow.component.html.Div.class,
                spec -> spec.withId("check-import-rules")).getElement().getTextRecursively())
                .as("the saved direction still feeds the checks").contains("One-way sync");
        view.refresh();
        assertThat(view.settings).as("polls keep the summary").isNull();

        _click(view.settingsSummary.edit);

        assertThat(view.settings).isNotNull();
        assertThat(view.settings.savedDirection()).isEqualTo(dev.align.illumera.mapping.Direction.ALIGN_TO_ILLUMERA);
        assertThat(_find(view.settingsHolder, SettingsSummary.class)).isEmpty();
        view.refresh();
        assertThat(view.settings).as("and polls keep the editor").isNotNull();
    }

    @Test
    void the_webhooks_section_registers_in_one_click_shows_the_secret_on_demand_and_feeds_its_check() {
        connectFresh(null);
        var settings = addOn.settings();
        addOn.saveSettings(new dev.align.illumera.AddOnSettings(dev.align.illumera.mapping.MappingModel.Mapping.defaults(
                dev.align.illumera.mapping.Direction.BIDIRECTIONAL, settings.schema()), dev.align.illumera.ConflictPolicy.ASK_ME,
                java.util.Set.of(), false), settings.version(), true);
        AddOnsView view = open();
        assertThat(view.webhooks.isVisible()).isTrue();
        assertThat(view.webhooks.register.getText()).isEqualTo("Register in Illumera");
        assertThat(_get(view.troubleshooting, com.vaadin.flow.component.html.Div.class, spec -> spec.withId(
                "check-webhooks")).getElement().getAttribute("data-level")).isEqualTo("PROBLEM");

        _click(view.webhooks.register);

        assertThat(view.webhooks.url.getValue()).contains("/webhooks/illumera/");
        assertThat(view.webhooks.state.getText()).startsWith("Registered in the synced workspace").contains("no event received yet")
                .contains("0 rejected deliveries");
        assertThat(view.webhooks.register.getText()).isEqualTo("Rotate secret");
        assertThat(view.webhooks.secret.isVisible()).isFalse();
        _click(view.webhooks.reveal);
        assertThat(view.webhooks.secret.getText()).startsWith("Signing secret: whsec_");
        view.refresh();
        assertThat(_get(view.troubleshooting, com.vaadin.flow.component.html.Div.class, spec -> spec.withId(
                "check-webhooks")).getElement().getAttribute("data-level")).isEqualTo("OK");
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.webhook-secret-revealed"), null, 5)).hasSize(1);
    }

    @Test
    void the_card_says_not_included_and_offers_nothing_else_without_the_add_on() {
        signIn(data.tenant(Plan.STARTER).owner());
        AddOnsView view = open();

        assertThat(view.state.getText()).isEqualTo("Not included in your plan");
        assertThat(view.card.getElement().getTextRecursively()).contains("Contact your account manager");
        assertThat(view.connect.isVisible()).isFalse();
        assertThat(view.newKey.isVisible()).isFalse();
        assertThat(view.syncNow.isVisible()).isFalse();
    }

    @Test
    void the_connect_dialog_gives_each_of_illumeras_refusals_in_words_and_stores_nothing() {
        AddOnsView view = open();
        _click(view.connect);
        ConnectDialog dialog = _get(ConnectDialog.class);
        assertThat(dialog.connect.isEnabled()).as("nothing can be stored before a test passed").isFalse();
        assertThat(_get(dialog, com.vaadin.flow.component.html.Paragraph.class, spec -> spec.withId("connect-hint"))
                .getText()).contains(DEMO_KEY).contains("ws_AlignDemo");

        assertThat(test(dialog, "ilm_test_" + "Z".repeat(32), "ws_AlignDemo")).isEqualTo(Failure.WRONG_KEY.name());
        assertThat(dialog.result.getText()).contains("does not know this API key");
        assertThat(test(dialog, EXPIRED_KEY, "ws_AlignDemo")).isEqualTo(Failure.KEY_EXPIRED.name());
        assertThat(dialog.result.getText()).contains("expired");
        assertThat(test(dialog, OTHER_KEY, "ws_AlignDemo")).isEqualTo(Failure.NO_ACCESS_TO_WORKSPACE.name());
        assertThat(dialog.result.getText()).contains("cannot open workspace ws_AlignDemo");
        assertThat(test(dialog, DEMO_KEY, "ws_doesNotExist")).isEqualTo(Failure.UNKNOWN_WORKSPACE.name());
        assertThat(dialog.result.getText()).contains("no workspace with the ID ws_doesNotExist");
        var faulty = sandbox.newKey("ws_AlignDemo", null);
        sandbox.post("/admin/faults", "{\"keyId\": \"" + faulty.keyId() + "\", \"nonsenseRate\": 1.0}");
        assertThat(test(dialog, faulty.key(), "ws_AlignDemo")).isEqualTo(Failure.NONSENSE.name());
        assertThat(dialog.result.getText()).contains("does not understand");
        sandbox.post("/admin/faults", "{\"keyId\": \"" + faulty.keyId() + "\", \"errorRate\": 1.0, \"latencyMillis\": 0}");
        assertThat(test(dialog, faulty.key(), "ws_AlignDemo")).isEqualTo(Failure.UNREACHABLE.name());
        assertThat(dialog.result.getText()).contains("cannot be reached");

        assertThat(dialog.connect.isEnabled()).isFalse();
        assertThat(dialog.isOpened()).isTrue();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM illumera_connection WHERE organisation_id = ?").param(tenant.id())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void a_key_that_does_not_look_like_one_is_refused_on_its_field() {
        _click(open().connect);
        ConnectDialog dialog = _get(ConnectDialog.class);
        dialog.apiKey.setValue("my password");
        dialog.workspaceId.setValue("ws AlignDemo ✓");

        _click(dialog.test);

        assertThat(dialog.apiKey.isInvalid()).isTrue();
        assertThat(dialog.apiKey.getErrorMessage()).contains("ilm_live_ followed by 32 letters and digits");
        assertThat(dialog.workspaceId.isInvalid()).isTrue();
        assertThat(dialog.workspaceId.getErrorMessage()).contains("letters, digits, _ and -");
        assertThat(dialog.apiKey.getValue()).as("what was typed stays").isEqualTo("my password");
    }

    @Test
    void a_passing_test_enables_connect_which_connects_and_shows_the_connected_card() {
        AddOnsView view = open();
        _click(view.connect);
        ConnectDialog dialog = _get(ConnectDialog.class);
        String key = sandbox.newKey("ws_AlignDemo", null).key();

        assertThat(test(dialog, key, "ws_AlignDemo")).isEqualTo("PASSED");
        assertThat(dialog.result.getText()).contains("Acme (Illumera)");
        assertThat(dialog.connect.isEnabled()).isTrue();
        dialog.apiKey.setValue(EXPIRED_KEY);
        assertThat(dialog.connect.isEnabled()).as("a changed key needs a test of its own").isFalse();
        dialog.apiKey.setValue(key);
        assertThat(dialog.connect.isEnabled()).isTrue();
        _click(dialog.connect);

        assertThat(dialog.isOpened()).isFalse();
        assertThat(view.shown).isEqualTo(CardHealth.Shown.CONNECTED);
        assertThat(view.state.getText()).isEqualTo("Connected to Acme (Illumera)");
        assertThat(view.sandboxLabel.isVisible()).as("the built-in sandbox is named on the card").isTrue();
        assertThat(view.detail.getText()).as("no settings yet: what to do next").contains("Save");
        assertThat(view.card.getElement().getTextRecursively()).doesNotContain(key).contains("Last sync: none yet")
                .contains("Next sync: after the settings are saved");
        assertThat(view.settings).as("the settings panel opens once connected").isNotNull();
        assertThat(view.syncNow.isVisible()).as("nothing to sync before the settings are saved").isFalse();
        assertThat(view.disconnect.isVisible()).isTrue();
        assertThat(_find(view.troubleshooting, com.vaadin.flow.component.html.Div.class,
                spec -> spec.withId("check-key"))).singleElement()
                .satisfies(check -> assertThat(check.getElement().getAttribute("data-level")).isEqualTo("OK"));
    }

    @Test
    void a_key_close_to_expiry_shows_the_days_left_and_the_check_says_when_and_what_to_do() {
        connectFresh(Duration.ofDays(5).toSeconds() + 3600);

        AddOnsView view = open();

        assertThat(view.shown).isEqualTo(CardHealth.Shown.KEY_EXPIRING);
        assertThat(view.state.getText()).isEqualTo("Key expires in 5 days");
        var check = _get(view.troubleshooting, com.vaadin.flow.component.html.Div.class, spec -> spec.withId("check-key"));
        assertThat(check.getElement().getAttribute("data-level")).isEqualTo("WARNING");
        assertThat(check.getElement().getTextRecursively()).contains("expires on").contains("Fix: Create a new key");
        assertThat(view.newKey.isVisible()).isTrue();
    }

    @Test
    void a_key_refused_during_a_sync_shows_key_expired_notifies_in_the_header_and_a_new_key_resumes() {
        Fresh fresh = connectFresh(null);
        AddOnsView view = open();
        _click(view.settings.save);
        _click(_get(Confirm.class, spec -> spec.withId("save-confirm")).confirm);
        view.settings.policy.setValue(dev.align.illumera.ConflictPolicy.ILLUMERA_WINS); // typed, not saved
        sandbox.post("/admin/keys/" + fresh.key().keyId() + "/expire", "{}");

        sync.syncNow();
        await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> addOn.card().state()
                == dev.align.illumera.CardState.KEY_EXPIRED);
        var ui = UI.getCurrent();
        com.vaadin.flow.component.ComponentUtil.fireEvent(ui, new com.vaadin.flow.component.PollEvent(ui, true));

        assertThat(view.shown).isEqualTo(CardHealth.Shown.KEY_EXPIRED);
        assertThat(view.detail.getText()).contains("sync is paused").contains("Enter a new key");
        assertThat(view.nextSync.getText()).isEqualTo("Next sync: after a new key is entered");
        assertThat(view.newKey.isVisible()).isTrue();
        assertThat(view.syncNow.isVisible()).isFalse();
        assertThat(view.settings).as("the open panel stays, read-only: nothing typed is lost").isNotNull();
        assertThat(view.settings.isEnabled()).isFalse();
        var bell = _get(com.vaadin.flow.component.button.Button.class, spec -> spec.withId("notifications"));
        assertThat(bell.getElement().getAttribute("aria-label")).as("the poll updated the bell too")
                .isEqualTo("Notifications: 1 unread");

        _click(view.newKey);
        ConnectDialog dialog = _get(ConnectDialog.class);
        assertThat(dialog.workspaceId.getValue()).as("the workspace is offered again").isEqualTo(fresh.workspace());
        assertThat(dialog.getHeaderTitle()).isEqualTo("Enter a new Illumera key");
        assertThat(test(dialog, sandbox.newKey(fresh.workspace(), null).key(), fresh.workspace())).isEqualTo("PASSED");
        _click(dialog.connect);

        assertThat(view.shown).isEqualTo(CardHealth.Shown.CONNECTED);
        assertThat(view.settings.isEnabled()).isTrue();
        assertThat(view.settings.policy.getValue()).isEqualTo(dev.align.illumera.ConflictPolicy.ILLUMERA_WINS);
        NotificationsKt.clearNotifications();
    }

    @Test
    void the_initial_sync_in_flight_shows_its_progress_and_the_page_polls_faster() {
        connectFresh(null);
        Instant started = Instant.now().minusSeconds(30);
        long runId = running(started);
        jdbc.sql("""
                        INSERT INTO illumera_sync_state (organisation_id, running_run_id, progress_done, progress_total,
                                                         progress_started_at) VALUES (?, ?, 25, 100, ?)""")
                .params(tenant.id(), runId, Timestamp.from(started)).update();

        AddOnsView view = open();

        assertThat(view.shown).isEqualTo(CardHealth.Shown.INITIAL_SYNC);
        assertThat(view.state.getText()).isEqualTo("Initial sync running");
        assertThat(view.progress.isVisible()).isTrue();
        assertThat(view.progress.getValue()).isEqualTo(0.25);
        assertThat(view.progressText.getText()).startsWith("25 of 100 entries, about 1 min");
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(AddOnsView.POLL_RUNNING_MS);

        jdbc.sql("UPDATE illumera_sync_run SET outcome = 'SUCCEEDED', ended_at = ? WHERE id = ?")
                .params(Timestamp.from(Instant.now()), runId).update();
        jdbc.sql("UPDATE illumera_sync_state SET running_run_id = NULL, initial_done = TRUE, last_run_at = ?"
                + " WHERE organisation_id = ?").params(Timestamp.from(Instant.now()), tenant.id()).update();
        view.refresh();

        assertThat(view.shown).isEqualTo(CardHealth.Shown.CONNECTED);
        assertThat(view.progress.isVisible()).isFalse();
        assertThat(view.lastSync.getText()).startsWith("Last sync: just now · succeeded");
        assertThat(UI.getCurrent().getPollInterval()).isEqualTo(AddOnsView.POLL_IDLE_MS);
    }

    @Test
    void a_failed_run_shows_error_with_the_reason_and_what_to_do() {
        connectFresh(null);
        long runId = running(Instant.now().minusSeconds(90));
        jdbc.sql("UPDATE illumera_sync_run SET outcome = 'FAILED', ended_at = ?, message = ? WHERE id = ?")
                .params(Timestamp.from(Instant.now().minusSeconds(60)), "Stopped: Illumera answered 503 five times."
                        + " The next run continues from here.", runId).update();

        AddOnsView view = open();

        assertThat(view.shown).isEqualTo(CardHealth.Shown.ERROR);
        assertThat(view.detail.getText()).startsWith("Stopped: Illumera answered 503 five times.")
                .contains("tries again by itself");
    }

    @Test
    void a_paused_sync_says_why_and_resume_ends_the_pause_with_an_audit_record() {
        connectFresh(null);
        jdbc.sql("INSERT INTO illumera_sync_state (organisation_id, paused_reason) VALUES (?, ?)")
                .params(tenant.id(), "The loop guard paused the sync: 900 of 1,000 entries would change at once.")
                .update();

        AddOnsView view = open();
        assertThat(view.shown).isEqualTo(CardHealth.Shown.PAUSED);
        assertThat(view.detail.getText()).contains("900 of 1,000 entries").contains("Resume");
        assertThat(view.syncNow.isVisible()).isFalse();
        _click(view.resume);
        Confirm confirm = _get(Confirm.class, spec -> spec.withId("resume-confirm"));
        assertThat(confirm.getElement().getTextRecursively()).contains("900 of 1,000 entries");
        _click(confirm.confirm);

        assertThat(view.shown).isNotEqualTo(CardHealth.Shown.PAUSED);
        assertThat(sync.pausedReason()).isNull();
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.sync-resumed"), null, 5)).hasSize(1);
    }

    @Test
    void disconnect_says_what_happens_first_and_cancel_changes_nothing() {
        String workspace = connectFresh(null).workspace();
        AddOnsView view = open();

        _click(view.disconnect);
        Confirm confirm = _get(Confirm.class, spec -> spec.withId("disconnect-confirm"));
        assertThat(confirm.getElement().getTextRecursively()).contains("stops now").contains("Nothing is deleted")
                .contains("links, the sync history and the audit trail are kept");
        _click(confirm.cancel);
        assertThat(addOn.card().connected()).isTrue();

        _click(view.disconnect);
        _click(_get(Confirm.class, spec -> spec.withId("disconnect-confirm")).confirm);

        assertThat(view.shown).isEqualTo(CardHealth.Shown.NOT_CONNECTED);
        assertThat(view.detail.getText()).contains("Disconnected from").contains("resumes from the kept links");
        assertThat(view.settings).isNull();
        assertThat(audit.forOrganisation(AuditQuery.action("illumera.disconnect"), null, 5)).hasSize(1);
        _click(view.connect);
        ConnectDialog dialog = _get(ConnectDialog.class);
        assertThat(dialog.workspaceId.getValue()).isEqualTo(workspace);
        assertThat(dialog.otherWorkspace.isVisible()).isFalse();
        dialog.workspaceId.setValue("ws_Elsewhere");
        assertThat(dialog.otherWorkspace.isVisible()).as("the kept links would be dropped: said before connecting")
                .isTrue();
        assertThat(dialog.otherWorkspace.getText()).contains("links to " + workspace).contains("dropped");
        NotificationsKt.clearNotifications();
    }

    @Test
    void an_admin_made_member_while_the_page_is_open_is_refused_by_the_service_and_nothing_changes() {
        connectFresh(null);
        AddOnsView view = open();
        jdbc.sql("UPDATE membership SET role = 'MEMBER' WHERE organisation_id = ?"
                        + " AND user_id = (SELECT id FROM app_user WHERE email = ?)")
                .params(tenant.id(), tenant.admin()).update();
        signIn(tenant.admin()); // the next request carries the new role; the page is still on screen

        _click(view.disconnect);
        Confirm confirm = _get(Confirm.class, spec -> spec.withId("disconnect-confirm"));
        assertThatThrownBy(() -> _click(confirm.confirm))
                .isInstanceOf(org.springframework.security.access.AccessDeniedException.class);

        assertThat(jdbc.sql("SELECT state FROM illumera_connection WHERE organisation_id = ?").param(tenant.id())
                .query(String.class).single()).isEqualTo("CONNECTED");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_record WHERE organisation_id = ? AND action = ?"
                + " AND outcome = 'DENIED'").params(tenant.id(), "illumera.disconnect").query(Integer.class).single())
                .as("the refused attempt is on record").isEqualTo(1);
    }

    @Test
    void a_key_refused_before_the_first_save_says_so_and_polls_do_not_ask_illumera_again() {
        Fresh fresh = connectFresh(null);
        sandbox.post("/admin/keys/" + fresh.key().keyId() + "/expire", "{}");

        AddOnsView view = open();

        assertThat(view.settings).isNull();
        assertThat(_get(view.settingsHolder, com.vaadin.flow.component.html.Paragraph.class,
                spec -> spec.withId("settings-unavailable")).getText()).contains("did not accept the stored API key")
                .contains("Enter a new key");
        assertThat(view.newKey.isVisible()).isTrue();
        int calls = sandbox.requests(fresh.key().keyId());
        view.refresh();
        view.refresh();
        assertThat(sandbox.requests(fresh.key().keyId())).as("polls do not ask Illumera again").isEqualTo(calls);

        _click(view.newKey);
        ConnectDialog dialog = _get(ConnectDialog.class);
        assertThat(test(dialog, sandbox.newKey(fresh.workspace(), null).key(), fresh.workspace())).isEqualTo("PASSED");
        _click(dialog.connect);
        assertThat(view.settings).as("a new key opens the settings at once").isNotNull();
        assertThat(view.settings.isEnabled()).isTrue();
        NotificationsKt.clearNotifications();
    }

    @Test
    void a_page_left_open_after_switching_organisation_in_another_tab_does_not_act_on_the_new_one() {
        connectFresh(null);
        Tenant other = data.tenant(Plan.BUSINESS);
        data.addMembership(other.id(), tenant.admin(), "ADMIN");
        signIn(tenant.admin());
        dev.align.security.CurrentUser.switchOrganisation(other.id());
        connectFresh(null); // the other organisation is connected too
        dev.align.security.CurrentUser.switchOrganisation(tenant.id());
        AddOnsView view = open();
        _click(view.disconnect);
        Confirm confirm = _get(Confirm.class, spec -> spec.withId("disconnect-confirm"));

        dev.align.security.CurrentUser.switchOrganisation(other.id()); // the other tab
        _click(confirm.confirm);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM illumera_connection WHERE organisation_id IN (?, ?)"
                        + " AND state = 'CONNECTED'").params(tenant.id(), other.id()).query(Integer.class).single())
                .as("neither organisation was disconnected").isEqualTo(2);
        assertThat(_get(AddOnsView.class)).as("the stale page reloaded: a fresh view for the organisation now chosen")
                .isNotSameAs(view);
    }

    @Test
    void a_scheduler_that_stopped_reaching_the_organisation_is_a_problem_with_a_fix() {
        connectFresh(null);
        AddOnsView view = open();
        _click(view.settings.save);
        _click(_get(Confirm.class, spec -> spec.withId("save-confirm")).confirm);
        jdbc.sql("UPDATE illumera_settings SET updated_at = ? WHERE organisation_id = ?")
                .params(Timestamp.from(Instant.now().minus(Duration.ofHours(2))), tenant.id()).update();

        view.refresh();

        var check = _get(view.troubleshooting, com.vaadin.flow.component.html.Div.class,
                spec -> spec.withId("check-scheduler"));
        assertThat(check.getElement().getAttribute("data-level")).isEqualTo("PROBLEM");
        assertThat(check.getElement().getTextRecursively()).contains("has not reached this organisation")
                .contains("Fix: Sync now");
    }

    /** A run row as the engine writes it at the start of a run. */
    private long running(Instant started) {
        var key = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("INSERT INTO illumera_sync_run (organisation_id, run_trigger, node, started_at, outcome, counts)"
                        + " VALUES (?, 'INITIAL', 'node-a', ?, 'RUNNING', '{}')")
                .params(tenant.id(), Timestamp.from(started)).update(key);
        return key.getKey().longValue();
    }

    private static String test(ConnectDialog dialog, String key, String workspace) {
        dialog.apiKey.setValue(key);
        dialog.workspaceId.setValue(workspace);
        _click(dialog.test);
        return dialog.result.getElement().getAttribute("data-outcome");
    }
}
