package dev.align.illumera.sync;

import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.ConflictPolicy;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.organisation.Plan;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.support.SandboxAdmin;
import dev.align.support.TestData;
import dev.align.support.Tenant;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.UUID;

/** Organisations for the multi-process benchmarks: each with its own sandbox workspace and key, connected. */
@Component
class BenchOrganisations {

    record Org(Tenant tenant, String workspace, SandboxAdmin.Key key, long project) {
    }

    private final TestData data;
    private final SandboxAdmin sandbox;
    private final IllumeraAddOnService addOn;
    private final ProjectService projects;
    private final EntryService entries;

    BenchOrganisations(TestData data, SandboxAdmin sandbox, IllumeraAddOnService addOn, ProjectService projects,
                       EntryService entries) {
        this.data = data;
        this.sandbox = sandbox;
        this.addOn = addOn;
        this.projects = projects;
        this.entries = entries;
    }

    /** Connected, with {@code entryCount} entries and Align → Illumera settings saved (its initial sync is due). */
    Org connected(String prefix, int entryCount) {
        Tenant tenant = data.tenant(Plan.BUSINESS);
        data.login(tenant.admin());
        try {
            String name = prefix + " " + UUID.randomUUID().toString().substring(0, 6);
            String workspace = sandbox.newWorkspace(name);
            SandboxAdmin.Key key = sandbox.newKey(workspace, null);
            addOn.connect(key.key(), workspace);
            long project = projects.create(new ProjectDraft(name, null)).getId();
            for (int e = 0; e < entryCount; e++) {
                entries.create(new EntryDraft(project, null, "Entry " + e, EntryStatus.TODO, null, null, null));
            }
            var view = addOn.settings();
            Mapping defaults = Mapping.defaults(Direction.ALIGN_TO_ILLUMERA, view.schema());
            addOn.saveSettings(new AddOnSettings(defaults.withRow(defaults.row(AlignField.PROJECT).switchedOn(false)),
                    ConflictPolicy.ALIGN_WINS, Set.of(), false), view.version(), true);
            return new Org(tenant, workspace, key, project);
        } finally {
            data.logout();
        }
    }
}
