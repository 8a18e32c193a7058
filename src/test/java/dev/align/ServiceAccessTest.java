package dev.align;

import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryFilter;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.organisation.OrganisationService;
import dev.align.organisation.Plan;
import dev.align.project.Project;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.release.Release;
import dev.align.release.ReleaseDraft;
import dev.align.release.ReleaseService;
import dev.align.release.ReleaseStatus;
import dev.align.security.SyncAgent;
import dev.align.support.AlignIntegration;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every public service method, called as each role and anonymously: the services refuse on their
 * own, whatever the views do.
 */
@AlignIntegration
class ServiceAccessTest {

    /** SYNC is the Illumera sync acting for the tenant ({@link SyncAgent}), not a person. */
    enum Who { OWNER, ADMIN, MEMBER, SUPPORT, SUPPORT_GRANTED, ANONYMOUS, SYNC }

    static final Set<Who> EVERY_MEMBER = EnumSet.of(Who.OWNER, Who.ADMIN, Who.MEMBER);
    static final Set<Who> MEMBER_OR_SYNC = EnumSet.of(Who.OWNER, Who.ADMIN, Who.MEMBER, Who.SYNC);
    static final Set<Who> SYNC_ONLY = EnumSet.of(Who.SYNC);
    static final Set<Who> OWNER_ADMIN = EnumSet.of(Who.OWNER, Who.ADMIN);
    static final Set<Who> SUPPORT_ONLY = EnumSet.of(Who.SUPPORT, Who.SUPPORT_GRANTED);
    /** Anyone signed in, for their own preferences; not the sync. */
    static final Set<Who> PEOPLE = EnumSet.of(Who.OWNER, Who.ADMIN, Who.MEMBER, Who.SUPPORT, Who.SUPPORT_GRANTED);
    /** Readers of the add-on's records: the organisation's Owners and Admins, support staff with a live grant. */
    static final Set<Who> READERS = EnumSet.of(Who.OWNER, Who.ADMIN, Who.SUPPORT_GRANTED);

    @Autowired TestData data;
    @Autowired OrganisationService organisations;
    @Autowired ProjectService projects;
    @Autowired ReleaseService releases;
    @Autowired EntryService entries;
    @Autowired IllumeraAddOnService addOn;
    @Autowired dev.align.support.SandboxAdmin sandbox;
    @Autowired dev.align.illumera.sync.IllumeraSync sync;
    @Autowired dev.align.outbox.Outbox outbox;
    @Autowired org.springframework.transaction.support.TransactionTemplate transactions;

    /** A key of its own, so that this test's many calls meet no other test's rate limit. */
    String illumeraKey;
    @Autowired dev.align.notification.Notifications notifications;
    @Autowired dev.align.audit.AuditTrail audit;
    @Autowired dev.align.supportaccess.SupportAccess supportAccess;
    @Autowired dev.align.illumera.history.SyncHistory history;
    @Autowired dev.align.illumera.undo.RunUndo runUndo;
    @Autowired dev.align.illumera.triggers.WorkflowTriggers triggers;
    @Autowired dev.align.illumera.inbound.InboundWebhooks webhooks;

    /** Fresh records per call, made by the tenant's Admin before the caller signs in. */
    record Fixture(Project project, Release release, Entry entry, dev.align.illumera.SettingsView settings) {
    }

    /** Calls that need a connected Illumera (everything of the add-on but card, testConnection, connect). */
    static final Set<String> CONNECTED = Set.of("IllumeraSync.retryFailed", "IllumeraSync.linkHeld",
            "IllumeraSync.createSeparately", "IllumeraAddOnService.workspaceSchema", "IllumeraAddOnService.loopWarning",
            "IllumeraAddOnService.settings", "IllumeraAddOnService.saveSettings", "IllumeraAddOnService.disconnect",
            "IllumeraSync.syncNow", "IllumeraSync.dryRun", "IllumeraAddOnService.check");

    @AfterEach
    void tearDown() {
        data.logout();
    }

    @Test
    void every_service_method_admits_exactly_its_roles() {
        Map<String, Set<Who>> allowed = new LinkedHashMap<>();
        Map<String, Consumer<Fixture>> calls = new LinkedHashMap<>();
        add(calls, allowed, "OrganisationService.current", EVERY_MEMBER, f -> organisations.current());
        add(calls, allowed, "OrganisationService.members", OWNER_ADMIN, f -> organisations.members(0, 10));
        add(calls, allowed, "OrganisationService.people", MEMBER_OR_SYNC, f -> organisations.people());
        add(calls, allowed, "OrganisationService.person", MEMBER_OR_SYNC, f -> organisations.person(1));
        add(calls, allowed, "OrganisationService.readable", READERS, f -> organisations.readable());
        add(calls, allowed, "OrganisationService.colourScheme", PEOPLE, f -> organisations.colourScheme());
        add(calls, allowed, "OrganisationService.saveColourScheme", PEOPLE,
                f -> organisations.saveColourScheme(dev.align.organisation.ColourScheme.LIGHT));
        add(calls, allowed, "OrganisationService.allOrganisations", SUPPORT_ONLY,
                f -> organisations.allOrganisations(0, 10));
        add(calls, allowed, "ProjectService.list", EVERY_MEMBER, f -> projects.list(null, 0, 10));
        add(calls, allowed, "ProjectService.all", MEMBER_OR_SYNC, f -> projects.all());
        add(calls, allowed, "ProjectService.get", MEMBER_OR_SYNC, f -> projects.get(f.project().getId()));
        add(calls, allowed, "ProjectService.create", OWNER_ADMIN, f -> projects.create(new ProjectDraft(unique(), null)));
        add(calls, allowed, "ProjectService.update", OWNER_ADMIN, f -> projects.update(f.project().getId(),
                f.project().getVersion(), new ProjectDraft(unique(), "changed")));
        add(calls, allowed, "ReleaseService.list", EVERY_MEMBER, f -> releases.list(null, null, 0, 10));
        add(calls, allowed, "ReleaseService.all", MEMBER_OR_SYNC, f -> releases.all());
        add(calls, allowed, "ReleaseService.get", MEMBER_OR_SYNC, f -> releases.get(f.release().getId()));
        add(calls, allowed, "ReleaseService.create", OWNER_ADMIN, f -> releases.create(
                new ReleaseDraft(f.project().getId(), unique(), null)));
        add(calls, allowed, "ReleaseService.update", OWNER_ADMIN, f -> releases.update(f.release().getId(),
                f.release().getVersion(), new ReleaseDraft(null, unique(), null)));
        add(calls, allowed, "ReleaseService.publish", OWNER_ADMIN, f -> releases.publish(f.release().getId(),
                f.release().getVersion()));
        add(calls, allowed, "EntryService.list", EVERY_MEMBER, f -> entries.list(EntryFilter.none(), 0, 10));
        add(calls, allowed, "EntryService.get", MEMBER_OR_SYNC, f -> entries.get(f.entry().getId()));
        add(calls, allowed, "EntryService.create", EVERY_MEMBER, f -> entries.create(entry(f.project())));
        add(calls, allowed, "EntryService.update", EVERY_MEMBER, f -> entries.update(f.entry().getId(),
                f.entry().getVersion(), entry(f.project())));
        add(calls, allowed, "EntryService.changes", EVERY_MEMBER, f -> entries.changes(f.entry().getId(), null, 10));
        add(calls, allowed, "EntryService.restore", EVERY_MEMBER, f -> entries.restore(f.entry().getId(),
                data.count("SELECT MIN(id) FROM entry_change WHERE entry_id = ?", f.entry().getId())));
        add(calls, allowed, "EntryService.carried", EVERY_MEMBER, f -> entries.carried(f.entry().getId(), "title",
                dev.align.outbox.ChangeOrigin.PERSON, java.time.Instant.now()));
        add(calls, allowed, "EntryService.revert", EVERY_MEMBER, f -> {
            try {
                entries.revert(f.entry().getId(), List.of(
                        data.count("SELECT MIN(id) FROM entry_change WHERE entry_id = ?", f.entry().getId())));
            } catch (dev.align.base.InvalidInputException expected) {
                // admitted: a new entry's first values have nothing before them
            }
        });
        add(calls, allowed, "EntryService.delete", EVERY_MEMBER, f -> entries.delete(f.entry().getId(),
                f.entry().getVersion()));
        add(calls, allowed, "IllumeraAddOnService.card", READERS, f -> addOn.card());
        add(calls, allowed, "IllumeraAddOnService.testConnection", OWNER_ADMIN,
                f -> addOn.testConnection(illumeraKey, "ws_AlignDemo"));
        add(calls, allowed, "IllumeraAddOnService.connect", OWNER_ADMIN, f -> addOn.connect(illumeraKey, "ws_AlignDemo"));
        // These need a connection: the fixture connects as the tenant's Admin before the caller signs in.
        add(calls, allowed, "IllumeraAddOnService.workspaceSchema", OWNER_ADMIN, f -> addOn.workspaceSchema());
        add(calls, allowed, "IllumeraAddOnService.loopWarning", OWNER_ADMIN,
                f -> addOn.loopWarning(dev.align.illumera.mapping.Direction.BIDIRECTIONAL, true));
        add(calls, allowed, "IllumeraAddOnService.settings", OWNER_ADMIN, f -> addOn.settings());
        add(calls, allowed, "IllumeraAddOnService.saveSettings", OWNER_ADMIN, f -> addOn.saveSettings(
                f.settings().settings(), f.settings().version(), true));
        add(calls, allowed, "IllumeraAddOnService.check", OWNER_ADMIN, f -> addOn.check(f.settings().settings()));
        add(calls, allowed, "Notifications.unread", OWNER_ADMIN, f -> notifications.unread());
        add(calls, allowed, "Notifications.emailAlerts", OWNER_ADMIN, f -> notifications.emailAlerts());
        add(calls, allowed, "Notifications.emailAlerts(on)", OWNER_ADMIN, f -> notifications.emailAlerts(true));
        add(calls, allowed, "Notifications.dismiss", OWNER_ADMIN, f -> {
            try {
                notifications.dismiss(-1);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: the id simply does not exist
            }
        });
        add(calls, allowed, "AuditTrail.forOrganisation", READERS,
                f -> audit.forOrganisation(dev.align.audit.AuditQuery.all(), null, 10));
        add(calls, allowed, "AuditTrail.exportCsv", READERS,
                f -> audit.exportCsv(dev.align.audit.AuditQuery.all(), new java.io.StringWriter()));
        add(calls, allowed, "AuditTrail.verify", READERS, f -> audit.verify());
        // Opened for another organisation, so that support staff without a grant here still have none.
        long elsewhere = data.tenant(Plan.BUSINESS).id();
        add(calls, allowed, "SupportAccess.open", SUPPORT_ONLY, f -> supportAccess.open(elsewhere,
                "Access test: the customer asked us to look at the sync", "T-1"));
        add(calls, allowed, "SupportAccess.enter", EnumSet.of(Who.SUPPORT_GRANTED),
                f -> supportAccess.enter(f.project().getOrganisationId()));
        add(calls, allowed, "SupportAccess.myLiveGrants", SUPPORT_ONLY, f -> supportAccess.myLiveGrants());
        add(calls, allowed, "AuditTrail.screenOpened", READERS, f -> audit.screenOpened("Access test"));
        add(calls, allowed, "SupportAccess.grants", OWNER_ADMIN, f -> supportAccess.grants(0, 10));
        add(calls, allowed, "SupportAccess.revoke", OWNER_ADMIN, f -> {
            try {
                supportAccess.revoke(-1);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: the grant does not exist
            }
        });
        var none = dev.align.illumera.history.SyncHistory.RunFilter.none();
        add(calls, allowed, "SyncHistory.runs", READERS, f -> history.runs(none, null, 10));
        add(calls, allowed, "SyncHistory.run", READERS, f -> {
            try {
                history.run(-1);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: the run does not exist
            }
        });
        add(calls, allowed, "SyncHistory.records", READERS, f -> history.records(1, null, 0, 10));
        add(calls, allowed, "SyncHistory.errors", READERS, f -> history.errors(1));
        add(calls, allowed, "SyncHistory.entryHistory", READERS, f -> history.entryHistory(f.entry().getId(), null, 10));
        add(calls, allowed, "SyncHistory.entrySync", READERS, f -> history.entrySync(f.entry().getId()));
        add(calls, allowed, "SyncHistory.releaseReport", READERS, f -> history.releaseReport());
        add(calls, allowed, "SyncHistory.duplicates", READERS, f -> history.duplicates(null, 10));
        add(calls, allowed, "SyncHistory.held", READERS, f -> history.held());
        add(calls, allowed, "SyncHistory.openConflicts", READERS, f -> history.openConflicts(0, 10));
        add(calls, allowed, "SyncHistory.resolvedConflicts", READERS, f -> history.resolvedConflicts(null, 10));
        add(calls, allowed, "SyncHistory.openConflictCount", READERS, f -> history.openConflictCount());
        add(calls, allowed, "InboundWebhooks.status", OWNER_ADMIN, f -> webhooks.status(false));
        add(calls, allowed, "InboundWebhooks.register", OWNER_ADMIN, f -> {
            try {
                webhooks.register();
            } catch (dev.align.base.InvalidInputException expected) {
                // admitted: this fixture's organisation is not connected
            }
        });
        add(calls, allowed, "IllumeraSync.syncedWorkspaces", OWNER_ADMIN, f -> sync.syncedWorkspaces());
        add(calls, allowed, "InboundWebhooks.revealSecrets", OWNER_ADMIN, f -> {
            try {
                webhooks.revealSecrets();
            } catch (dev.align.base.InvalidInputException expected) {
                // admitted: nothing registered
            }
        });
        add(calls, allowed, "WorkflowTriggers.log", OWNER_ADMIN, f -> triggers.log(null, 10));
        add(calls, allowed, "WorkflowTriggers.sendAgain", OWNER_ADMIN, f -> {
            try {
                triggers.sendAgain(-1);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: no such delivery here
            }
        });
        // The sync's own methods: only the sync acting for the organisation, never a person.
        add(calls, allowed, "EntryService.pageForSync", SYNC_ONLY, f -> entries.pageForSync(0, 10));
        add(calls, allowed, "EntryService.forSync", SYNC_ONLY, f -> entries.forSync(List.of(f.entry().getId())));
        add(calls, allowed, "EntryService.writeFromSync", SYNC_ONLY, f -> transactions.executeWithoutResult(tx ->
                entries.writeFromSync(f.entry().getId(), f.entry().getVersion(), entry(f.project()))));
        add(calls, allowed, "ProjectService.createFromSync", SYNC_ONLY, f -> transactions.executeWithoutResult(tx ->
                projects.createFromSync(unique())));
        add(calls, allowed, "ReleaseService.createFromSync", SYNC_ONLY, f -> transactions.executeWithoutResult(tx ->
                releases.createFromSync(f.project().getId(), unique(), null)));
        add(calls, allowed, "ProjectService.renameFromSync", SYNC_ONLY, f ->
                projects.renameFromSync(f.project().getId(), f.project().getVersion(), unique()));
        add(calls, allowed, "ReleaseService.writeFromSync", SYNC_ONLY, f -> releases.writeFromSync(f.release().getId(),
                f.release().getVersion(), unique(), null, ReleaseStatus.PUBLISHED));
        add(calls, allowed, "Outbox.after", SYNC_ONLY, f -> outbox.after(0, 10));
        add(calls, allowed, "Outbox.latestPosition", SYNC_ONLY, f -> outbox.latestPosition(java.time.Instant.now()));
        add(calls, allowed, "IllumeraSync.syncNow", OWNER_ADMIN, f -> sync.syncNow());
        add(calls, allowed, "IllumeraSync.dryRun", OWNER_ADMIN, f -> sync.dryRun(f.settings().settings()));
        add(calls, allowed, "IllumeraSync.status", READERS, f -> sync.status());
        add(calls, allowed, "IllumeraSync.progress", READERS, f -> sync.progress());
        add(calls, allowed, "IllumeraSync.resolveAll", OWNER_ADMIN, f -> {
            try {
                sync.resolveAll(List.of(-1L), dev.align.illumera.sync.IllumeraSync.Choice.ILLUMERA);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: the conflict does not exist
            }
        });
        add(calls, allowed, "IllumeraSync.resolveWithValue", OWNER_ADMIN, f -> {
            try {
                sync.resolveWithValue(-1, "a value");
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: the conflict does not exist
            }
        });
        add(calls, allowed, "IllumeraSync.linkHeld", OWNER_ADMIN, f -> {
            try {
                sync.linkHeld(-1, -2);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: no such held records
            }
        });
        add(calls, allowed, "IllumeraSync.createSeparately", OWNER_ADMIN, f -> {
            try {
                sync.createSeparately(-1);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: no such held record
            }
        });
        add(calls, allowed, "RunUndo.preview", OWNER_ADMIN, f -> {
            try {
                runUndo.preview(-1);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: the run does not exist
            }
        });
        add(calls, allowed, "RunUndo.undo", OWNER_ADMIN, f -> {
            try {
                runUndo.undo(-1);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: the run does not exist
            }
        });
        add(calls, allowed, "IllumeraSync.retryFailed", OWNER_ADMIN, f -> {
            try {
                sync.retryFailed(-1);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: the run does not exist
            }
        });
        add(calls, allowed, "IllumeraSync.resolve", OWNER_ADMIN, f -> {
            try {
                sync.resolve(-1, dev.align.illumera.sync.IllumeraSync.Choice.ALIGN);
            } catch (dev.align.base.NotFoundException expected) {
                // admitted: the conflict does not exist
            }
        });
        add(calls, allowed, "IllumeraSync.pausedReason", OWNER_ADMIN, f -> sync.pausedReason());
        add(calls, allowed, "IllumeraSync.resume", OWNER_ADMIN, f -> {
            try {
                sync.resume(false);
            } catch (dev.align.base.InvalidInputException expected) {
                // admitted: the sync is not paused
            }
        });
        add(calls, allowed, "IllumeraAddOnService.disconnect", OWNER_ADMIN, f -> addOn.disconnect());

        Tenant tenant = data.tenant(Plan.BUSINESS);
        String support = data.supportUser();
        String granted = data.supportUser();
        data.login(granted);
        supportAccess.open(tenant.id(), "Access test: the customer asked us to look at the sync", "");
        illumeraKey = sandbox.newKey("ws_AlignDemo", null).key();
        List<String> wrong = new ArrayList<>();
        calls.forEach((name, call) -> {
            for (Who who : Who.values()) {
                Fixture fixture = fixture(tenant, CONNECTED.contains(name));
                switch (who) {
                    case OWNER -> data.login(tenant.owner());
                    case ADMIN -> data.login(tenant.admin());
                    case MEMBER -> data.login(tenant.member());
                    case SUPPORT -> data.login(support);
                    case SUPPORT_GRANTED -> {
                        data.login(granted);
                        supportAccess.enter(tenant.id());
                    }
                    case ANONYMOUS, SYNC -> data.logout();
                }
                boolean admitted;
                try {
                    if (who == Who.SYNC) {
                        SyncAgent.actFor(tenant.id(), () -> {
                            call.accept(fixture);
                            return null;
                        });
                    } else {
                        call.accept(fixture);
                    }
                    admitted = true;
                } catch (AccessDeniedException | AuthenticationCredentialsNotFoundException e) {
                    admitted = false;
                }
                if (admitted != allowed.get(name).contains(who)) {
                    wrong.add(name + " as " + who + (admitted ? " was admitted" : " was refused"));
                }
            }
        });
        assertThat(wrong).isEmpty();
        assertThat(calls).hasSize(91);
    }

    private void add(Map<String, Consumer<Fixture>> calls, Map<String, Set<Who>> allowed, String name, Set<Who> who,
                     Consumer<Fixture> call) {
        calls.put(name, call);
        allowed.put(name, who);
    }

    private Fixture fixture(Tenant tenant, boolean connect) {
        data.login(tenant.admin());
        Project project = projects.create(new ProjectDraft(unique(), null));
        Release release = releases.create(new ReleaseDraft(project.getId(), unique(), LocalDate.now().plusDays(7)));
        Entry entry = entries.create(entry(project));
        dev.align.illumera.SettingsView settings = null;
        if (connect) {
            addOn.connect(illumeraKey, "ws_AlignDemo");
            settings = addOn.settings();
        }
        data.logout();
        return new Fixture(project, release, entry, settings);
    }

    private static EntryDraft entry(Project project) {
        return new EntryDraft(project.getId(), null, unique(), EntryStatus.TODO, null, null, 0);
    }

    private static String unique() {
        return "R " + UUID.randomUUID();
    }
}
