package dev.align.illumera.sync;

import dev.align.audit.AuditTrail;
import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.client.IllumeraClient;
import dev.align.illumera.client.IllumeraClients;
import dev.align.illumera.client.IllumeraModel.NewTask;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.sync.SyncRun.Outcome;
import dev.align.illumera.sync.SyncRun.Trigger;
import dev.align.notification.Notifications;
import dev.align.organisation.Plan;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.support.AlignIntegration;
import dev.align.support.SandboxAdmin;
import dev.align.support.Tenant;
import dev.align.support.TestData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's tests' common ground: real MariaDB, the sandbox over HTTP, one fresh tenant, workspace
 * and key per test. Settings are saved with the Project row off, so everything syncs in the home
 * workspace. Subclasses share one Spring context ({@link AlignIntegration}).
 */
@AlignIntegration
abstract class SyncFixture {

    @Autowired IllumeraAddOnService addOn;
    @Autowired IllumeraSync sync;
    @Autowired dev.align.illumera.history.SyncHistory history;
    @Autowired SyncRunner runner;
    @Autowired SyncEngine engine;
    @Autowired EntryService entries;
    @Autowired ProjectService projects;
    @Autowired dev.align.release.ReleaseService releases;
    @Autowired IllumeraClients clients;
    @Autowired SandboxAdmin sandbox;
    @Autowired Notifications notifications;
    @Autowired AuditTrail audit;
    @Autowired TestData data;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired dev.align.organisation.OrganisationService organisations;
    @Autowired dev.align.security.SupportGrants grants;

    Tenant tenant;
    String workspace;
    SandboxAdmin.Key key;
    IllumeraClient illumera;
    long project;

    @BeforeEach
    void setUp() {
        tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.admin());
        String name = "Sync " + UUID.randomUUID().toString().substring(0, 6);
        workspace = sandbox.newWorkspace(name);
        key = sandbox.newKey(workspace, null);
        illumera = clients.forOrganisation(-tenant.id(), key.key());
        addOn.connect(key.key(), workspace);
        // The project of the workspace's name pairs with the home workspace (the Project row is off).
        project = projects.create(new ProjectDraft(name, null)).getId();
    }

    @AfterEach
    void tearDown() {
        engine.crashAt(null);
        data.logout();
    }

    void save(ConflictPolicy policy, Direction direction, boolean propagateDeletes) {
        var view = addOn.settings();
        Mapping defaults = Mapping.defaults(direction, view.schema());
        Mapping mapping = defaults.withRow(defaults.row(AlignField.PROJECT).switchedOn(false));
        addOn.saveSettings(new AddOnSettings(mapping, policy, Set.of(), propagateDeletes), view.version(), true);
    }

    Entry entry(String title) {
        return entries.create(new EntryDraft(project, null, title, EntryStatus.TODO, null, null, null));
    }

    Task task(String name, String externalRef) {
        return illumera.createTask(new NewTask(workspace, name, "todo", null, null, null, null, externalRef),
                UUID.randomUUID().toString());
    }

    /** Every project pairs with a workspace from now on (the Project → Workspace row switched on). */
    void switchProjectRowOn() {
        var view = addOn.settings();
        var mapping = view.settings().mapping();
        addOn.saveSettings(new AddOnSettings(mapping.withRow(mapping.row(AlignField.PROJECT).switchedOn(true)),
                ConflictPolicy.ASK_ME, Set.of(), false), view.version(), true);
    }

    /** The next run is killed when it reaches this step (any count), as a crash would. */
    void killAt(String step, String message) {
        engine.crashAt((reached, count) -> {
            if (reached.equals(step)) {
                throw new IllegalStateException(message);
            }
        });
    }

    /** One run now; waits for a background run (started by resolve or resume) to let go of the lock. */
    SyncRun runOnce() {
        var runs = new java.util.concurrent.atomic.AtomicReference<List<SyncRun>>();
        await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
            runs.set(runner.run(tenant.id(), Trigger.MANUAL));
            return !runs.get().isEmpty();
        });
        return runs.get().getLast();
    }

    List<Task> tasks() {
        return illumera.tasks(workspace, null).filter(t -> !t.deleted()).toList();
    }

    long links(String state) {
        return data.count("SELECT COUNT(*) FROM illumera_link WHERE organisation_id = ? AND record_type = 'ENTRY'"
                + " AND state = ?", tenant.id(), state);
    }

    /** Runs until a run succeeds: a run that gave up records why, and the next continues from there. */
    void converge() {
        SyncRun run = runOnce();
        for (int attempt = 0; attempt < 4 && run.outcome() != Outcome.SUCCEEDED; attempt++) {
            run = runOnce();
        }
        assertThat(run.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
}
