package dev.align.illumera.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.align.base.InvalidInputException;
import dev.align.audit.AuditTrail;
import dev.align.base.ui.Forms;
import dev.align.base.ui.Screens;
import dev.align.illumera.AddOnCard;
import dev.align.illumera.CardState;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.history.SyncHistory;
import dev.align.illumera.inbound.InboundWebhooks;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.sync.IllumeraSync;
import dev.align.illumera.sync.SyncStatus;
import dev.align.illumera.ui.CardHealth.Check;
import dev.align.illumera.ui.CardHealth.Headline;
import dev.align.illumera.ui.CardHealth.ImportRules;
import dev.align.illumera.ui.CardHealth.Shown;
import dev.align.illumera.secrets.SecretUnreadable;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import dev.align.security.SupportGrants;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.beans.factory.annotation.Value;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Settings → Add-ons: the Illumera card (state, progress, last and next sync, actions), its settings
 * and its troubleshooting checks. Owners and Admins of the current organisation only; Support staff
 * read an organisation's history and audit trail elsewhere, with a reason (decision 0007). The page
 * polls while it is open, faster while a sync runs, so the card stays live without a push channel.
 */
@Route("settings/add-ons")
@PageTitle("Add-ons · Settings · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.SUPPORT_STAFF})
class AddOnsView extends VerticalLayout implements BeforeEnterObserver {

    static final int POLL_RUNNING_MS = 1000;
    static final int POLL_IDLE_MS = 15000;
    static final java.time.Duration WATCH = java.time.Duration.ofSeconds(20);
    static final String UNREADABLE_KEY = "the stored API key cannot be read any more; enter a new key";

    final Div card = new Div();
    final Span state = new Span();
    final Paragraph detail = new Paragraph();
    final ProgressBar progress = new ProgressBar();
    final Span progressText = new Span();
    final Span lastSync = new Span();
    final Span nextSync = new Span();
    final Span driftCheck = new Span();
    final Span freshness = new Span();
    final Button connect = new Button("Connect");
    final Button newKey = new Button("Enter a new key");
    final Button syncNow = new Button("Sync now");
    final Button resume = new Button("Resume");
    final Button disconnect = new Button("Disconnect");
    final Anchor conflicts = new Anchor(ConflictsView.ROUTE, "");
    final Anchor history = new Anchor(SyncHistoryView.ROUTE, "Sync history");
    final Anchor triggerLog = new Anchor(TriggerDeliveriesView.ROUTE, "Workflow triggers");
    final Div troubleshooting = new Div();
    final Button checkAgain = new Button("Check again");
    final Div settingsHolder = new Div();
    final Span sandboxLabel = new Span("Sandbox");
    final WebhooksSection webhooks;
    SettingsPanel settings;
    /** Instead of the panel once settings were saved, until "Edit settings" (the panel is most of the card's weight). */
    SettingsSummary settingsSummary;
    private boolean editSettings;
    /** The Shown state of the last refresh (tests and screenshots read it from the card's data-state). */
    Shown shown;

    private final IllumeraAddOnService addOn;
    private final IllumeraSync sync;
    private final SyncHistory syncHistory;
    private final Clock clock;
    private final String connectHint;
    private AddOnCard model;
    private ImportRules importRules;
    /** "Check again" was clicked: the import rules are asked of Illumera now, not taken as read a moment ago. */
    private boolean askAgain;
    private String settingsWorkspace;
    private Registration polling;
    /** Known once the page was admitted (support staff need a live grant). */
    private Long organisationId;
    /** Support staff read the card under a grant: no actions, no settings, no questions to Illumera. */
    private final boolean readOnly;
    private final AuditTrail audit;
    private final SupportGrants grants;
    /** The workspace whose schema could not be read; asked again on "Try again" only. */
    private String settingsFailedFor;
    /** After a person started a sync, the page polls fast for a while: the run may take a moment to begin. */
    private Instant watchUntil = Instant.MIN;

    @SuppressWarnings("java:S107") // the page's collaborators
    AddOnsView(IllumeraAddOnService addOn, IllumeraSync sync, SyncHistory syncHistory, AuditTrail audit,
               SupportGrants grants, InboundWebhooks inbound, Clock clock,
               @Value("${illumera.connect-hint:}") String connectHint) {
        this.audit = audit;
        this.grants = grants;
        this.readOnly = !CurrentUser.require().administers();
        this.addOn = addOn;
        this.sync = sync;
        this.syncHistory = syncHistory;
        this.clock = clock;
        this.connectHint = connectHint;
        this.webhooks = new WebhooksSection(inbound, clock);
        webhooks.onChange(this::refresh);
        card.addClassName("addon-card");
        card.setId("illumera-card");
        state.addClassName("state");
        detail.setId("card-detail");
        progress.setId("sync-progress");
        // Screen readers name the bar by the text beside it ("1,200 of 5,000 records…").
        progress.getElement().setAttribute("aria-labelledby", "sync-progress-text");
        progressText.setId("sync-progress-text");
        lastSync.setId("last-sync");
        nextSync.setId("next-sync");
        driftCheck.setId("drift-check");
        freshness.setId("freshness");
        connect.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        connect.addClickListener(e -> openConnect());
        newKey.addClickListener(e -> openConnect());
        syncNow.addClickListener(e -> startSync());
        resume.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        resume.addClickListener(e -> confirmResume());
        disconnect.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        disconnect.addClickListener(e -> confirmDisconnect());
        troubleshooting.setId("troubleshooting");
        troubleshooting.addClassName("addon-checks");
        checkAgain.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        checkAgain.addClickListener(e -> {
            importRules = null;
            askAgain = true;
            refresh();
        });
        var times = new Div(lastSync, nextSync, freshness, driftCheck);
        times.addClassName("sync-times");
        conflicts.setId("conflicts-waiting");
        history.setId("history-link");
        triggerLog.setId("trigger-log-link");
        var links = new HorizontalLayout(conflicts, history, triggerLog);
        sandboxLabel.setId("sandbox-label");
        sandboxLabel.getElement().getThemeList().add("badge contrast");
        sandboxLabel.getElement().setAttribute("title", "Connected to the sandbox built into this Align, for trying"
                + " the add-on: its demo key is public, so keep real work out of it.");
        var title = new HorizontalLayout(new H3("Illumera"), sandboxLabel);
        title.setAlignItems(FlexComponent.Alignment.BASELINE);
        card.add(title, state, detail, progress, progressText, times, links,
                new HorizontalLayout(connect, newKey, syncNow, resume, disconnect));
        webhooks.setVisible(false);
        add(new H2("Add-ons"), card, webhooks, troubleshooting, settingsHolder);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (Screens.admitted(event, () -> audit.screenOpened("Add-ons card"))) {
            organisationId = grants.readableOrganisation();
            refresh();
        }
    }

    @Override
    protected void onAttach(AttachEvent event) {
        polling = event.getUI().addPollListener(poll -> refresh());
        pollEvery(progress.isVisible() ? POLL_RUNNING_MS : POLL_IDLE_MS);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (polling != null) {
            polling.remove();
        }
        event.getUI().setPollInterval(-1);
    }

    /** Reads the card and the sync's health again and shows them. */
    void refresh() {
        if (organisationId == null || switchedOrganisation()) {
            return;
        }
        model = addOn.card();
        Instant now = clock.instant();
        SyncStatus status = model.connected() ? sync.status() : null;
        Headline headline = CardHealth.headline(model, status, now);
        shown = headline.state();
        state.setText(headline.headline());
        sandboxLabel.setVisible(model.sandbox() && model.connected());
        card.getElement().setAttribute("data-state", shown.name());
        state.getElement().setAttribute("data-state", shown.name());
        detail.setText(headline.detail());

        boolean running = status != null && status.progress().running();
        progress.setVisible(running);
        progressText.setVisible(running);
        if (running) {
            int total = status.progress().total();
            progress.setIndeterminate(total == 0);
            progress.setValue(total == 0 ? 0 : Math.min(1.0, (double) status.progress().done() / total));
            progressText.setText(CardHealth.progress(status));
        }
        boolean live = model.connected() && shown != Shown.KEY_EXPIRED;
        lastSync.setVisible(model.connected());
        nextSync.setVisible(model.connected());
        driftCheck.setVisible(model.connected() && status != null && status.initialDone());
        String fresh = status == null ? null : CardHealth.freshness(status, now);
        freshness.setVisible(model.connected() && fresh != null);
        freshness.setText(fresh == null ? "" : fresh);
        if (status != null) {
            lastSync.setText(CardHealth.lastSync(status, now));
            nextSync.setText(CardHealth.nextSync(status, model, now));
            driftCheck.setText(CardHealth.driftCheck(status, now));
        }
        connect.setVisible(model.state() == CardState.NOT_CONNECTED);
        newKey.setVisible(model.connected());
        if (shown == Shown.KEY_EXPIRED) {
            newKey.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        } else {
            newKey.removeThemeVariants(ButtonVariant.LUMO_PRIMARY);
        }
        syncNow.setVisible(live && model.configured() && shown != Shown.PAUSED);
        syncNow.setEnabled(!running);
        resume.setVisible(shown == Shown.PAUSED);
        disconnect.setVisible(model.connected());
        if (readOnly) {
            List.of(connect, newKey, syncNow, resume, disconnect, checkAgain).forEach(b -> b.setVisible(false));
        }
        history.setVisible(model.connected());
        triggerLog.setVisible(model.connected() && !readOnly);
        webhooks.setVisible(model.connected() && !readOnly);
        if (webhooks.isVisible()) {
            webhooks.refresh();
        }
        int waiting = model.connected() ? syncHistory.openConflictCount() : 0;
        conflicts.setVisible(waiting > 0);
        conflicts.setText(waiting + (waiting == 1 ? " conflict waiting" : " conflicts waiting"));

        showSettings(live);
        showChecks(status, now);
        pollEvery(running || now.isBefore(watchUntil) ? POLL_RUNNING_MS : POLL_IDLE_MS);
    }

    /**
     * The person switched organisation in another tab: this page (built for the other one) must not act
     * on the new one. It reloads, showing the new organisation's card (or refusing a Member).
     */
    private boolean switchedOrganisation() {
        try {
            // A role lost meanwhile is the services' to refuse (and to record); here only the organisation counts.
            long now = readOnly ? grants.readableOrganisation() : CurrentUser.organisationId();
            if (now == organisationId) {
                return false;
            }
        } catch (org.springframework.security.access.AccessDeniedException ended) {
            // a support grant ended: the reload shows the refusal
        }
        getUI().ifPresent(ui -> {
            ui.setPollInterval(-1);
            ui.getPage().reload();
        });
        return true;
    }

    private void pollEvery(int millis) {
        getUI().ifPresent(ui -> {
            if (ui.getPollInterval() != millis) {
                ui.setPollInterval(millis);
            }
        });
    }

    private void showChecks(SyncStatus status, Instant now) {
        troubleshooting.removeAll();
        troubleshooting.setVisible(status != null);
        if (status == null) {
            return;
        }
        // Without the panel (key refused, Illumera unreachable) the direction is unknown: the check says it
        // could not ask.
        Direction saved = settings != null ? settings.savedDirection()
                : settingsSummary != null ? settingsSummary.direction() : null;
        boolean bidirectional = saved == null || saved == Direction.BIDIRECTIONAL;
        if (readOnly) {
            importRules = ImportRules.unanswered("not asked for support staff (it would ask Illumera with the"
                    + " organisation's key)");
        } else if (importRules == null && bidirectional && shown != Shown.KEY_EXPIRED) {
            try {
                importRules = ImportRules.answered(addOn.loopWarning(Direction.BIDIRECTIONAL, askAgain));
                askAgain = false;
            } catch (IllumeraException | InvalidInputException e) {
                importRules = ImportRules.unanswered(e.getMessage());
            } catch (SecretUnreadable e) {
                importRules = ImportRules.unanswered(UNREADABLE_KEY);
            }
        }
        List<Check> checks = new java.util.ArrayList<>(CardHealth.checks(model, status, bidirectional,
                importRules == null ? ImportRules.unanswered("the key is not valid (enter a new key first)")
                        : importRules, now));
        if (webhooks.isVisible() && webhooks.status() != null) {
            checks.add(CardHealth.webhooks(webhooks.status(), now));
        }
        var title = new H4("Troubleshooting");
        troubleshooting.add(title);
        for (Check check : checks) {
            var row = new Div();
            row.setId("check-" + check.id());
            row.addClassName("check");
            row.getElement().setAttribute("data-level", check.level().name());
            var badge = new Span(switch (check.level()) {
                case OK -> "OK";
                case WARNING -> "Attention";
                case PROBLEM -> "Problem";
                case UNKNOWN -> "Unknown";
            });
            badge.getElement().getThemeList().add("badge " + switch (check.level()) {
                case OK -> "success";
                case WARNING -> "contrast";
                case PROBLEM -> "error";
                case UNKNOWN -> "";
            });
            var text = new Span(check.title() + ": " + check.finding());
            row.add(badge, text);
            if (check.fix() != null) {
                var fix = new Paragraph("Fix: " + check.fix());
                fix.addClassName("fix");
                row.add(fix);
            }
            troubleshooting.add(row);
        }
        troubleshooting.add(checkAgain);
    }

    /**
     * The settings panel while connected (once settings were saved, their summary until "Edit settings");
     * rebuilt when the workspace changed, kept (read-only) while the key is refused so that nothing typed is
     * lost. When the workspace's schema cannot be read, the reason stays on screen and Illumera is asked again
     * only on "Try again" (not at every poll).
     */
    private void showSettings(boolean live) {
        if (readOnly) {
            return; // the organisation's own configuration, and it would ask Illumera with their key
        }
        if (!model.connected()) {
            settingsHolder.removeAll();
            settings = null;
            settingsSummary = null;
            editSettings = false;
            settingsWorkspace = null;
            settingsFailedFor = null;
            return;
        }
        if (settings != null && model.workspaceId().equals(settingsWorkspace)) {
            settings.setEnabled(live);
            return;
        }
        if (settingsSummary != null && !editSettings && model.workspaceId().equals(settingsWorkspace)) {
            settingsSummary.edit.setEnabled(live);
            return;
        }
        if (!live || model.workspaceId().equals(settingsFailedFor)) {
            return;
        }
        settingsHolder.removeAll();
        settings = null;
        settingsSummary = null;
        try {
            var loaded = addOn.settings();
            if (loaded.version() > 0 && !editSettings) {
                settingsSummary = new SettingsSummary(loaded, () -> {
                    editSettings = true;
                    refresh();
                });
                settingsHolder.add(settingsSummary);
            } else {
                settings = new SettingsPanel(addOn, sync, loaded, model.workspaceName(),
                        this::switchedOrganisation, this::saved);
                settingsHolder.add(settings);
            }
            settingsWorkspace = model.workspaceId();
            importRules = null;
        } catch (IllumeraException.InvalidKey | IllumeraException.KeyExpired | SecretUnreadable e) {
            settingsUnavailable("Illumera did not accept the stored API key (expired, revoked, or no longer"
                    + " readable). Enter a new key to configure the sync.");
        } catch (IllumeraException | InvalidInputException e) {
            settingsUnavailable("The settings need the workspace's statuses and fields, and Illumera could not be"
                    + " asked (" + e.getMessage() + "). Nothing is lost; try again in a few minutes.");
        }
    }

    private void settingsUnavailable(String why) {
        settingsFailedFor = model.workspaceId();
        var retry = new Button("Try again", click -> {
            settingsFailedFor = null;
            refresh();
        });
        var problem = new Paragraph(why);
        problem.setId("settings-unavailable");
        settingsHolder.add(problem, retry);
    }

    /** A (new) key was stored: whatever the old one could not do is tried again now. */
    private void connected() {
        settingsFailedFor = null;
        importRules = null;
        refresh();
    }

    private void saved() {
        importRules = null;
        watchSync();
    }

    /** A sync was just asked for: show it as it goes. */
    private void watchSync() {
        watchUntil = clock.instant().plus(WATCH);
        refresh();
    }

    private void openConnect() {
        if (!switchedOrganisation()) {
            new ConnectDialog(addOn, model, model.sandbox() ? connectHint : null, this::switchedOrganisation, this::connected).open();
        }
    }

    private void startSync() {
        if (switchedOrganisation()) {
            return;
        }
        attempt(sync::syncNow, "Sync started.");
        watchSync();
    }

    private void confirmResume() {
        if (switchedOrganisation()) {
            return;
        }
        var reason = new Paragraph(sync.pausedReason());
        var allow = new com.vaadin.flow.component.checkbox.Checkbox(
                "Let the next sync make this large change (I checked it)");
        allow.setId("allow-large-run");
        new Confirm("resume-confirm", "Resume the sync?", "Resume", false, () -> {
            if (switchedOrganisation()) {
                return;
            }
            attempt(() -> sync.resume(allow.getValue()), "Sync resumed.");
            watchSync();
        }, reason, allow).open();
    }

    private void confirmDisconnect() {
        var what = new Paragraph("Syncing with " + model.workspaceName() + " stops now; a sync in progress stops at"
                + " its next step. Nothing is deleted in Align or in Illumera. The API key is forgotten; the links,"
                + " the sync history and the audit trail are kept, so connecting to the same workspace later resumes"
                + " without duplicates.");
        new Confirm("disconnect-confirm", "Disconnect Illumera?", "Disconnect", true, () -> {
            if (switchedOrganisation()) {
                return;
            }
            attempt(addOn::disconnect, "Disconnected from Illumera.");
            refresh();
        }, what).open();
    }

    /** An action the service may refuse as no longer possible (disconnected, not paused any more, …). */
    private static void attempt(Runnable action, String done) {
        try {
            action.run();
            Forms.saved(done);
        } catch (InvalidInputException e) {
            Forms.error(String.join(" ", e.fieldErrors().values()));
        }
    }
}
