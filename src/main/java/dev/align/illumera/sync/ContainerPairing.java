package dev.align.illumera.sync;

import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.client.IllumeraModel.NewSprint;
import dev.align.illumera.client.IllumeraModel.Sprint;
import dev.align.illumera.client.IllumeraModel.Workspace;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.sync.RunLog.Item;
import dev.align.illumera.sync.SyncStore.Link;
import dev.align.illumera.sync.SyncStore.LinkState;
import dev.align.illumera.sync.SyncStore.RecordType;
import dev.align.illumera.mapping.Direction;
import dev.align.illumera.sync.core.ContainerFields;
import dev.align.illumera.sync.core.FieldDecision;
import dev.align.illumera.sync.core.FieldDecision.Outcome;
import dev.align.illumera.sync.core.FieldDecision.Rules;
import dev.align.illumera.sync.core.FieldDecision.Side;
import dev.align.illumera.sync.core.FieldDecision.Write;
import dev.align.illumera.sync.core.InitialMatcher;
import dev.align.illumera.sync.core.SyncDecider;
import dev.align.illumera.sync.core.InitialMatcher.AlignRecord;
import dev.align.illumera.sync.core.InitialMatcher.IllumeraRecord;
import dev.align.illumera.sync.core.InitialMatcher.Plan;
import dev.align.project.Project;
import dev.align.project.ProjectService;
import dev.align.release.Release;
import dev.align.release.ReleaseService;
import dev.align.release.ReleaseStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDate;
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
        List<Project> all = projects.all();
        List<Workspace> seen = run.projectsRowOn() ? run.client.workspaces(null).toList()
                : List.of(run.referenced(run.home(), "workspace", () -> run.client.workspace(run.home())));
        if (!run.dryRun) {
            followProjects(run, all, seen);
        }
        List<Link> existing = store.links(run.organisationId, RecordType.PROJECT, LinkState.LINKED);
        Map<Long, String> linked = new LinkedHashMap<>();
        existing.forEach(link -> linked.put(link.alignId(), link.illumeraId()));
        // A project whose workspace was archived (with deletes propagated) is not paired again.
        Set<Long> unpaired = new HashSet<>();
        store.links(run.organisationId, RecordType.PROJECT, LinkState.GONE).forEach(link -> unpaired.add(link.alignId()));
        unpaired.removeAll(linked.keySet());
        List<Workspace> workspaces = seen.stream().filter(w -> !w.archived()).toList();
        Direction row = run.mapping.row(AlignField.PROJECT).direction();
        Plan plan = InitialMatcher.plan(
                all.stream().filter(p -> !unpaired.contains(p.getId()))
                        .map(p -> new AlignRecord(p.getId(), p.getName())).toList(),
                workspaces.stream().map(w -> new IllumeraRecord(w.id(), w.name(), w.externalRef())).toList(),
                linked, SyncEngine.PROJECT_REF, run.projectsRowOn() && row.toIllumera(),
                run.projectsRowOn() ? row.toAlign() : run.toAlign());
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
                run.record(new Item(RecordType.PROJECT, project.id(), null, "TO_ILLUMERA", "ERROR", null, SyncRecords.describe(e)));
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
                run.record(new Item(RecordType.PROJECT, null, workspace.id(), "TO_ALIGN", "ERROR", null, SyncRecords.describe(e)));
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
        List<Release> all = releases.all();
        for (Release release : all) {
            String workspace = run.workspaceFor(release.getProjectId());
            if (workspace != null) {
                releasesByWorkspace.computeIfAbsent(workspace, k -> new ArrayList<>()).add(release);
            }
        }
        Map<String, List<Sprint>> sprintsByWorkspace = new HashMap<>();
        List<Sprint> sprints = run.client.sprints(null, null).filter(s -> run.syncs(s.workspaceId())).toList();
        sprints.forEach(s -> sprintsByWorkspace.computeIfAbsent(s.workspaceId(), k -> new ArrayList<>()).add(s));
        if (!run.dryRun) {
            followReleases(run, all, sprints);
        }
        Set<String> workspaces = new HashSet<>(releasesByWorkspace.keySet());
        workspaces.addAll(sprintsByWorkspace.keySet());
        for (String workspace : workspaces) {
            List<Release> side = releasesByWorkspace.getOrDefault(workspace, List.of());
            Map<Long, String> linkedHere = new HashMap<>();
            side.stream().filter(r -> run.sprintOfRelease.containsKey(r.getId()))
                    .forEach(r -> linkedHere.put(r.getId(), run.sprintOfRelease.get(r.getId())));
            Map<String, Sprint> sprintById = new HashMap<>();
            sprintsByWorkspace.getOrDefault(workspace, List.of()).forEach(sprint -> sprintById.put(sprint.id(), sprint));
            Direction row = run.mapping.row(AlignField.RELEASE).direction();
            Plan plan = InitialMatcher.plan(side.stream().map(r -> new AlignRecord(r.getId(), r.getName())).toList(),
                    sprintById.values().stream().map(sp -> new IllumeraRecord(sp.id(), sp.name(), sp.externalRef())).toList(),
                    linkedHere, SyncEngine.RELEASE_REF, row.toIllumera(), row.toAlign());
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
                    run.record(new Item(RecordType.RELEASE, release.getId(), null, "TO_ILLUMERA", "ERROR", null, SyncRecords.describe(e)));
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
                            "Sprint \"" + SyncRecords.abbreviate(sprint.name()) + "\" cannot become a release: " + SyncRecords.describe(e)));
                }
            }
        }
    }

    // ------------------------------------------------------------------ changes of paired containers

    /**
     * Linked projects and workspaces follow each other's names, as the Project row's direction and
     * policy say. An archived workspace ends its pairing when deletes and archiving are propagated
     * (Align has no project archive: the project stays, its entries stop syncing); otherwise it is
     * left linked.
     */
    private void followProjects(SyncContext run, List<Project> all, List<Workspace> workspaces) {
        if (!run.projectsRowOn()) {
            return; // only the home workspace is paired, with the project of its name: nothing to follow
        }
        Map<Long, Project> projectById = new HashMap<>();
        all.forEach(p -> projectById.put(p.getId(), p));
        Map<String, Workspace> workspaceById = new HashMap<>();
        workspaces.forEach(w -> workspaceById.put(w.id(), w));
        Rules rules = rules(run, AlignField.PROJECT, false);
        for (Link link : store.links(run.organisationId, RecordType.PROJECT, LinkState.LINKED)) {
            Project project = projectById.get(link.alignId());
            Workspace workspace = workspaceById.get(link.illumeraId());
            if (project == null || workspace == null || link.base() == null) {
                continue; // out of the key's reach meanwhile, or its backfill (a base of null) still to come
            }
            if (workspace.archived()) {
                if (run.settings.propagateDeletes()) {
                    transactions.executeWithoutResult(tx -> store.markGone(link.id()));
                    run.record(new Item(RecordType.PROJECT, project.getId(), workspace.id(), "TO_ALIGN", "DELETED", null,
                            "Workspace archived in Illumera: the project stays in Align, its entries no longer sync."));
                }
                continue;
            }
            Outcome outcome = SyncDecider.decide(link.base(),
                    new Side(ContainerFields.named(project.getName()), project.getUpdatedAt()),
                    new Side(ContainerFields.named(workspace.name()), workspace.updatedAt()), rules);
            follow(run, link, RecordType.PROJECT, outcome, project.getVersion(), workspace.version(),
                    () -> run.client.updateWorkspace(workspace.id(), workspace.version(),
                            Map.of("name", outcome.toIllumera().getFirst().after())).version(),
                    () -> projects.renameFromSync(project.getId(), project.getVersion(),
                            outcome.toAlign().getFirst().after()).getVersion());
        }
    }

    /** Linked releases and sprints follow each other's names, dates and states (Release row, its policy). */
    private void followReleases(SyncContext run, List<Release> all, List<Sprint> sprints) {
        Map<Long, Release> releaseById = new HashMap<>();
        all.forEach(r -> releaseById.put(r.getId(), r));
        Map<String, Sprint> sprintById = new HashMap<>();
        sprints.forEach(sp -> sprintById.put(sp.id(), sp));
        Rules rules = rules(run, AlignField.RELEASE, true);
        for (Link link : store.links(run.organisationId, RecordType.RELEASE, LinkState.LINKED)) {
            Release release = releaseById.get(link.alignId());
            Sprint sprint = sprintById.get(link.illumeraId());
            if (release == null || sprint == null) {
                continue;
            }
            Outcome outcome = SyncDecider.decide(link.base(),
                    new Side(ContainerFields.release(release.getName(), release.getReleaseDate(),
                            release.getStatus() == ReleaseStatus.PUBLISHED), release.getUpdatedAt()),
                    new Side(ContainerFields.sprint(sprint.name(), sprint.endDate(), sprint.state()), sprint.updatedAt()),
                    rules);
            follow(run, link, RecordType.RELEASE, outcome, release.getVersion(), sprint.version(), () -> {
                Map<String, Object> changes = new HashMap<>();
                for (Write write : outcome.toIllumera()) {
                    switch (write.field()) {
                        case ContainerFields.NAME -> changes.put("name", write.after());
                        case ContainerFields.DATE -> changes.put("endDate", write.after());
                        default -> changes.put("state", ContainerFields.sprintState(sprint.state(), write.after()));
                    }
                }
                return run.client.updateSprint(sprint.id(), sprint.version(), changes).version();
            }, () -> {
                Map<String, String> wanted = new HashMap<>(ContainerFields.release(release.getName(),
                        release.getReleaseDate(), release.getStatus() == ReleaseStatus.PUBLISHED));
                outcome.toAlign().forEach(write -> wanted.put(write.field(), write.after()));
                String date = wanted.get(ContainerFields.DATE);
                return releases.writeFromSync(release.getId(), release.getVersion(), wanted.get(ContainerFields.NAME),
                        date == null ? null : LocalDate.parse(date),
                        ContainerFields.CLOSED.equals(wanted.get(ContainerFields.STATE)) ? ReleaseStatus.PUBLISHED
                                : ReleaseStatus.PLANNED).getVersion();
            });
        }
    }

    private static Rules rules(SyncContext run, AlignField row, boolean withDates) {
        return ContainerFields.rules(run.mapping.row(row).direction(), withDates,
                FieldDecision.Policy.valueOf(run.settings.policyOf(row).name()),
                FieldDecision.FirstLink.valueOf(run.settings.firstLink().name()));
    }

    /**
     * Carries out one container's decision: Illumera first (If-Match: an edit meanwhile is a 412,
     * decided again next run), then Align and the new base in one transaction.
     */
    private void follow(SyncContext run, Link link, RecordType type, Outcome outcome, int alignVersion,
                        long illumeraVersion, java.util.function.LongSupplier toIllumera,
                        java.util.function.IntSupplier toAlign) {
        if (outcome.nothingToDo() && outcome.newBase().equals(link.base())) {
            return; // agreed and recorded: no write
        }
        for (var conflict : outcome.conflicts()) {
            run.record(new Item(type, link.alignId(), link.illumeraId(), "NONE", "CONFLICT",
                    Map.of(conflict.field(), java.util.Arrays.asList(conflict.alignValue(), conflict.illumeraValue())),
                    "Changed on both sides at the same moment: both kept; change one of them to decide."));
        }
        try {
            long newIllumeraVersion = outcome.toIllumera().isEmpty() ? illumeraVersion : toIllumera.getAsLong();
            if (!outcome.toIllumera().isEmpty()) {
                run.record(new Item(type, link.alignId(), link.illumeraId(), "TO_ILLUMERA", "UPDATED",
                        SyncRecords.changes(outcome.toIllumera()), null));
            }
            transactions.executeWithoutResult(tx -> store.updateLink(link.id(), outcome.newBase(), newIllumeraVersion,
                    outcome.toAlign().isEmpty() ? alignVersion : toAlign.getAsInt()));
            if (!outcome.toAlign().isEmpty()) {
                run.record(new Item(type, link.alignId(), link.illumeraId(), "TO_ALIGN", "UPDATED",
                        SyncRecords.changes(outcome.toAlign()), null));
            }
        } catch (IllumeraException.VersionMismatch | org.springframework.dao.OptimisticLockingFailureException e) {
            // Changed meanwhile: the next run reads both sides again and decides afresh.
        } catch (RuntimeException e) {
            if (SyncRecords.runWide(e)) {
                throw e;
            }
            run.record(new Item(type, link.alignId(), link.illumeraId(), "NONE", "ERROR", null, SyncRecords.describe(e)));
        }
    }
}
