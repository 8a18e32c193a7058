package dev.align.illumera.sync;

import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.client.IllumeraModel.NewSprint;
import dev.align.illumera.client.IllumeraModel.Sprint;
import dev.align.illumera.client.IllumeraModel.Workspace;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.sync.SyncStore.Item;
import dev.align.illumera.sync.SyncStore.Link;
import dev.align.illumera.sync.SyncStore.LinkState;
import dev.align.illumera.sync.SyncStore.RecordType;
import dev.align.illumera.sync.core.InitialMatcher;
import dev.align.illumera.sync.core.InitialMatcher.AlignRecord;
import dev.align.illumera.sync.core.InitialMatcher.IllumeraRecord;
import dev.align.illumera.sync.core.InitialMatcher.Plan;
import dev.align.project.Project;
import dev.align.project.ProjectService;
import dev.align.release.Release;
import dev.align.release.ReleaseService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The containers of a run: projects ↔ workspaces and releases ↔ sprints, paired before the entries
 * and tasks in them (PRODUCT §2, §3).
 */
@Component
class ContainerPairing {

    private final SyncStore store;
    private final ProjectService projects;
    private final ReleaseService releases;
    private final TransactionTemplate transactions;

    ContainerPairing(SyncStore store, ProjectService projects, ReleaseService releases, TransactionTemplate transactions) {
        this.store = store;
        this.projects = projects;
        this.releases = releases;
        this.transactions = transactions;
    }

    record ProjectPlan(int linked, int workspacesToCreate, int projectsToCreate) {
    }

    /**
     * Projects ↔ workspaces: matched by reference, then by name, the rest created on the other side
     * (PRODUCT §2). With the Project row off only the home workspace is paired, with the project of
     * its name (created when Illumera's tasks may flow into Align).
     */
    ProjectPlan linkProjects(SyncContext run) {
        List<Link> existing = store.links(run.organisationId, RecordType.PROJECT, LinkState.LINKED);
        Map<Long, String> linked = new LinkedHashMap<>();
        existing.forEach(link -> linked.put(link.alignId(), link.illumeraId()));
        List<Project> all = projects.all();
        List<Workspace> workspaces = run.projectsRowOn()
                ? run.client.workspaces(null).filter(w -> !w.archived()).toList()
                : List.of(run.client.workspace(run.home()));
        Plan plan = InitialMatcher.plan(
                all.stream().map(p -> new AlignRecord(p.getId(), p.getName())).toList(),
                workspaces.stream().map(w -> new IllumeraRecord(w.id(), w.name(), w.externalRef())).toList(),
                linked, SyncEngine.PROJECT_REF, run.projectsRowOn() && run.toIllumera(), run.toAlign());
        int newLinks = plan.links().size() - linked.size();
        ProjectPlan counts = new ProjectPlan(newLinks, plan.createInIllumera().size(), plan.createInAlign().size());
        if (run.dryRun) {
            // What would be created stands in for itself, so that the entries' plan counts as the real run's will.
            plan.createInIllumera().forEach(p -> linked.put(p.id(), "new-workspace-for-" + p.id()));
            plan.createInAlign().forEach(w -> linked.put(-1L - linked.size(), w.id()));
            linked.putAll(plan.links());
            linked.forEach((project, workspace) -> {
                run.workspaceOfProject.put(project, workspace);
                run.projectOfWorkspace.put(workspace, project);
            });
            return counts;
        }
        plan.links().forEach((projectId, workspaceId) -> {
            if (!linked.containsKey(projectId)) {
                transactions.executeWithoutResult(tx -> store.insertLinked(run.organisationId, RecordType.PROJECT,
                        projectId, workspaceId, workspaceId, null, null, null));
                run.record(new Item(RecordType.PROJECT, projectId, workspaceId, "NONE", "LINKED", null, null));
            }
        });
        for (AlignRecord project : plan.createInIllumera()) {
            run.checkConnected();
            String key = "align-" + run.organisationId + "-" + run.home() + "-project-" + project.id() + "-create";
            try {
                Workspace created = run.client.createWorkspace(project.name(), SyncEngine.PROJECT_REF + project.id(), key);
                transactions.executeWithoutResult(tx -> store.insertLinked(run.organisationId, RecordType.PROJECT,
                        project.id(), created.id(), created.id(), null, created.version(), null));
                plan.links().put(project.id(), created.id());
                run.record(new Item(RecordType.PROJECT, project.id(), created.id(), "TO_ILLUMERA", "CREATED",
                        Map.of("name", List.of("", project.name())), null));
            } catch (IllumeraException.InvalidRequest | IllumeraException.WorkspaceForbidden
                     | IllumeraException.Duplicate e) {
                run.record(new Item(RecordType.PROJECT, project.id(), null, "TO_ILLUMERA", "ERROR", null, SyncEngine.describe(e)));
            }
        }
        for (IllumeraRecord workspace : plan.createInAlign()) {
            run.checkConnected();
            try {
                long projectId = transactions.execute(tx -> {
                    Project created = projects.createFromSync(workspace.name());
                    store.insertLinked(run.organisationId, RecordType.PROJECT, created.getId(), workspace.id(),
                            workspace.id(), null, null, created.getVersion());
                    return created.getId();
                });
                plan.links().put(projectId, workspace.id());
                run.record(new Item(RecordType.PROJECT, projectId, workspace.id(), "TO_ALIGN", "CREATED",
                        Map.of("name", List.of("", workspace.name())), null));
            } catch (RuntimeException e) {
                run.record(new Item(RecordType.PROJECT, null, workspace.id(), "TO_ALIGN", "ERROR", null, SyncEngine.describe(e)));
            }
        }
        plan.links().forEach((project, workspace) -> {
            run.workspaceOfProject.put(project, workspace);
            run.projectOfWorkspace.put(workspace, project);
        });
        return counts;
    }

    /**
     * Releases ↔ sprints of paired projects and workspaces, with the Release row on: matched by
     * reference, then by name, the rest created on the other side (sprints are never deleted). A
     * sprint create carries a deterministic idempotency key and the {@code align:release:} reference,
     * so a repeat after a crash finds or gets the same sprint.
     */
    void linkReleases(SyncContext run) {
        for (Link link : store.links(run.organisationId, RecordType.RELEASE, LinkState.LINKED)) {
            run.pairRelease(link.alignId(), link.illumeraId());
        }
        if (!run.mapping.row(AlignField.RELEASE).enabled()) {
            return;
        }
        Map<String, List<Release>> releasesByWorkspace = new HashMap<>();
        for (Release release : releases.all()) {
            String workspace = run.workspaceFor(release.getProjectId());
            if (workspace != null) {
                releasesByWorkspace.computeIfAbsent(workspace, k -> new ArrayList<>()).add(release);
            }
        }
        Map<String, List<Sprint>> sprintsByWorkspace = new HashMap<>();
        run.client.sprints(null, null).filter(s -> run.syncs(s.workspaceId()))
                .forEach(s -> sprintsByWorkspace.computeIfAbsent(s.workspaceId(), k -> new ArrayList<>()).add(s));
        Set<String> workspaces = new HashSet<>(releasesByWorkspace.keySet());
        workspaces.addAll(sprintsByWorkspace.keySet());
        for (String workspace : workspaces) {
            List<Release> side = releasesByWorkspace.getOrDefault(workspace, List.of());
            Map<Long, String> linkedHere = new HashMap<>();
            side.stream().filter(r -> run.sprintOfRelease.containsKey(r.getId()))
                    .forEach(r -> linkedHere.put(r.getId(), run.sprintOfRelease.get(r.getId())));
            Map<String, Sprint> sprintById = new HashMap<>();
            sprintsByWorkspace.getOrDefault(workspace, List.of()).forEach(sprint -> sprintById.put(sprint.id(), sprint));
            Plan plan = InitialMatcher.plan(side.stream().map(r -> new AlignRecord(r.getId(), r.getName())).toList(),
                    sprintById.values().stream().map(sp -> new IllumeraRecord(sp.id(), sp.name(), sp.externalRef())).toList(),
                    linkedHere, SyncEngine.RELEASE_REF, run.toIllumera(), run.toAlign());
            plan.links().forEach((releaseId, sprintId) -> {
                if (!linkedHere.containsKey(releaseId) && !run.dryRun) {
                    transactions.executeWithoutResult(tx -> store.insertLinked(run.organisationId, RecordType.RELEASE,
                            releaseId, sprintId, workspace, null, null, null));
                    run.record(new Item(RecordType.RELEASE, releaseId, sprintId, "NONE", "LINKED", null, null));
                }
                run.pairRelease(releaseId, sprintId);
            });
            if (run.dryRun) {
                // As for projects: what would be created stands in for itself, so that the entries' release
                // field reads as it will once the sprints and releases exist (the preview counts as the run).
                plan.createInIllumera().forEach(r -> run.pairRelease(r.id(), "new-sprint-for-" + r.id()));
                if (run.projectFor(workspace) != null) {
                    plan.createInAlign().forEach(sp -> run.pairRelease(-1L - run.sprintOfRelease.size(), sp.id()));
                }
                continue;
            }
            Map<Long, Release> releaseById = new HashMap<>();
            side.forEach(r -> releaseById.put(r.getId(), r));
            for (AlignRecord record : plan.createInIllumera()) {
                run.checkConnected();
                Release release = releaseById.get(record.id());
                try {
                    Sprint sprint = run.client.createSprint(new NewSprint(workspace, release.getName(), null,
                            release.getReleaseDate(), "planned", SyncEngine.RELEASE_REF + release.getId()),
                            "align-" + run.organisationId + "-" + run.home() + "-release-" + release.getId() + "-create");
                    transactions.executeWithoutResult(tx -> store.insertLinked(run.organisationId, RecordType.RELEASE,
                            release.getId(), sprint.id(), workspace, null, sprint.version(), release.getVersion()));
                    run.pairRelease(release.getId(), sprint.id());
                    run.record(new Item(RecordType.RELEASE, release.getId(), sprint.id(), "TO_ILLUMERA", "CREATED",
                            Map.of("name", java.util.Arrays.asList(null, release.getName())), null));
                } catch (IllumeraException.InvalidRequest | IllumeraException.WorkspaceForbidden
                         | IllumeraException.Duplicate | IllumeraException.NotFound e) {
                    run.record(new Item(RecordType.RELEASE, release.getId(), null, "TO_ILLUMERA", "ERROR", null, SyncEngine.describe(e)));
                }
            }
            Long project = run.projectFor(workspace);
            for (IllumeraRecord record : project == null ? List.<IllumeraRecord>of() : plan.createInAlign()) {
                run.checkConnected();
                Sprint sprint = sprintById.get(record.id());
                try {
                    Release created = transactions.execute(tx -> {
                        Release release = releases.createFromSync(project, sprint.name(), sprint.endDate());
                        store.insertLinked(run.organisationId, RecordType.RELEASE, release.getId(), sprint.id(), workspace,
                                null, sprint.version(), release.getVersion());
                        return release;
                    });
                    run.pairRelease(created.getId(), sprint.id());
                    run.record(new Item(RecordType.RELEASE, created.getId(), sprint.id(), "TO_ALIGN", "CREATED",
                            Map.of("name", java.util.Arrays.asList(null, sprint.name())), null));
                } catch (RuntimeException e) {
                    run.record(new Item(RecordType.RELEASE, null, sprint.id(), "TO_ALIGN", "ERROR", null,
                            "Sprint \"" + SyncEngine.abbreviate(sprint.name()) + "\" cannot become a release: " + SyncEngine.describe(e)));
                }
            }
        }
    }
}
