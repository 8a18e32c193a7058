package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.client.IllumeraClient;
import dev.align.illumera.client.IllumeraModel.Member;
import dev.align.illumera.client.IllumeraModel.Status;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.mapping.MappingModel.Mapping;
import dev.align.illumera.sync.RunLog.Item;
import dev.align.illumera.sync.SyncStore.RecordType;
import dev.align.illumera.sync.core.EntryFields;
import dev.align.illumera.sync.core.EntryFields.EntryValues;
import dev.align.illumera.sync.core.EntryFields.TaskValues;
import dev.align.illumera.sync.core.FieldDecision;
import dev.align.illumera.sync.core.FieldDecision.Flow;
import dev.align.organisation.Person;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Everything one run reads once and reuses: settings, client, people, members, statuses, project links. */
final class SyncContext implements EntryFields.Lookups {
    final long organisationId;
    final long runId;
    final SyncStore.Connection connection;
    final boolean dryRun;
    AddOnSettings settings;
    Mapping mapping;
    Map<String, Flow> flows;
    FieldDecision.Rules rules;
    IllumeraClient client;
    final Map<String, Long> userByEmail = new HashMap<>();
    final Map<Long, String> emailByUser = new HashMap<>();
    final Map<String, Map<String, String>> membersByWorkspace = new HashMap<>();
    final Map<String, String> emailByMember = new HashMap<>();
    final Map<String, List<Status>> statuses = new HashMap<>();
    final Map<Long, String> workspaceOfProject = new HashMap<>();
    final Map<String, Long> projectOfWorkspace = new HashMap<>();
    final Map<Long, String> sprintOfRelease = new HashMap<>();
    final Map<String, Long> releaseOfSprint = new HashMap<>();
    final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
    final List<Item> items = new ArrayList<>();
    int errors;
    /** When the oldest change this run carries was made (either side): the run's end minus it is its lag. */
    java.time.Instant oldestChange;
    int done;
    int total;

    private ReferenceData reference;
    private boolean reuseReference;
    private String lockName;
    private String lockedBy;
    private final SyncStore store;
    private final RunLog runLog;
    private final SyncStates states;
    private final MeterRegistry meters;

    SyncContext(long organisationId, long runId, SyncStore.Connection connection, boolean dryRun, SyncStore store, RunLog runLog, SyncStates states,
                MeterRegistry meters) {
        this.organisationId = organisationId;
        this.runId = runId;
        this.connection = connection;
        this.dryRun = dryRun;
        this.store = store;
        this.runLog = runLog;
        this.states = states;
        this.meters = meters;
    }

    void open(AddOnSettings saved, IllumeraClient illumera, List<Person> people) {
        settings = saved;
        mapping = settings.mapping();
        flows = EntryFields.flows(mapping);
        Map<String, FieldDecision.Policy> own = new HashMap<>();
        settings.fieldPolicies().forEach((field, policy) -> own.put(field.name(), FieldDecision.Policy.valueOf(policy.name())));
        rules = new FieldDecision.Rules(flows, own, FieldDecision.Policy.valueOf(settings.conflictPolicy().name()),
                FieldDecision.FirstLink.valueOf(settings.firstLink().name()));
        client = illumera;
        for (Person person : people) {
            String email = person.email().toLowerCase(Locale.ROOT);
            userByEmail.put(email, person.userId());
            emailByUser.put(person.userId(), email);
        }
    }

    String home() {
        return connection.workspaceId();
    }

    boolean projectsRowOn() {
        return mapping.row(AlignField.PROJECT).enabled();
    }

    boolean toIllumera() {
        return mapping.direction().toIllumera();
    }

    boolean toAlign() {
        return mapping.direction().toAlign();
    }

    /** The workspace an entry syncs into: its project's, or the home workspace when projects are not paired. */
    String workspaceFor(long projectId) {
        return projectsRowOn() ? workspaceOfProject.get(projectId) : home();
    }

    /** True for the workspaces whose tasks this connection syncs (a project's, or the home one). */
    boolean syncs(String workspaceId) {
        return projectsRowOn() ? projectOfWorkspace.containsKey(workspaceId) : home().equals(workspaceId);
    }

    /** The workspaces this connection syncs now: each paired project's, or the home one. */
    java.util.Set<String> syncedWorkspaces() {
        return projectsRowOn() ? java.util.Set.copyOf(projectOfWorkspace.keySet()) : java.util.Set.of(home());
    }

    Long projectFor(String workspaceId) {
        if (projectsRowOn()) {
            return projectOfWorkspace.get(workspaceId);
        }
        return home().equals(workspaceId) ? projectOfWorkspace.get(home()) : null;
    }

    /** Fails the run at its next step once the connection was disconnected (or paused) meanwhile. */
    void checkConnected() {
        if (dryRun) {
            return;
        }
        // Disconnected, paused, or connected again (another key or workspace) since this run began.
        if (!store.stillConnected(organisationId, connection.workspaceId(), connection.secretId())) {
            throw new SyncEngine.Stopped();
        }
        if (lockName != null && !store.holdsLock(lockName, lockedBy)) {
            throw new SyncEngine.Stopped("This node lost the organisation's lock (paused past its end, e.g. a long"
                    + " garbage collection or a frozen host): the run stopped before writing more; the node that"
                    + " holds the lock now carries on.");
        }
    }

    /** Steps check that this node still holds this lock (fencing: one writer at a time); none: no check. */
    void fence(String lock, String node) {
        lockName = lock;
        lockedBy = node;
    }

    /** Conflicts this run found that were not waiting already (the bell tells when none waited before). */
    int newConflicts;

    void count(RecordType type, String action) {
        counts.computeIfAbsent(type.name(), k -> new LinkedHashMap<>()).merge(action, 1, Integer::sum);
        meters.counter("illumera.sync.records", "type", type.name(), "action", action).increment();
    }

    void record(Item item) {
        count(item.type(), item.action());
        if (item.action().equals("ERROR")) {
            errors++;
        }
        if (!dryRun) {
            items.add(item);
            if (items.size() >= 500) {
                flushItems();
            }
        }
    }

    void flushItems() {
        if (!dryRun && !items.isEmpty()) {
            runLog.items(organisationId, runId, List.copyOf(items));
            items.clear();
        }
    }

    void progress(int more) {
        done += more;
        if (!dryRun) {
            states.progress(organisationId, runId, done, total);
        }
    }

    /** Where Illumera's reference data comes from: kept on this node (small runs may reuse it) or read. */
    void reference(ReferenceData data, boolean reuse) {
        reference = data;
        reuseReference = reuse;
    }

    /** A workspace's reference data: once per run, and through {@link ReferenceData} when set. */
    <T> T referenced(String workspaceId, String kind, java.util.function.Supplier<T> read) {
        return reference == null ? read.get() : reference.get(organisationId, workspaceId, kind, reuseReference, read);
    }

    void loadWorkspace(String workspaceId) {
        membersByWorkspace.computeIfAbsent(workspaceId, ws -> {
            Map<String, String> byEmail = new HashMap<>();
            List<Member> members = referenced(ws, "members", () -> client.members(ws).toList());
            members.forEach(member -> {
                String email = member.email().toLowerCase(Locale.ROOT);
                byEmail.putIfAbsent(email, member.id());
                emailByMember.put(member.id(), email);
            });
            return byEmail;
        });
    }

    private List<Status> statusesOf(String workspaceId) {
        return statuses.computeIfAbsent(workspaceId, ws -> referenced(ws, "statuses", () -> client.statuses(ws)));
    }

    @Override
    public String memberEmail(String memberId) {
        return emailByMember.get(memberId);
    }

    @Override
    public String memberId(String workspaceId, String email) {
        loadWorkspace(workspaceId);
        return membersByWorkspace.get(workspaceId).get(email);
    }

    @Override
    public boolean isPerson(String email) {
        return userByEmail.containsKey(email);
    }

    @Override
    public String homeStatus(String workspaceId, String statusKey) {
        if (mapping.statuses().toAlign().containsKey(statusKey) || workspaceId.equals(home())) {
            return statusKey;
        }
        String category = statusesOf(workspaceId).stream().filter(s -> s.key().equals(statusKey))
                .map(Status::category).findFirst().orElse(null);
        return statusesOf(home()).stream().filter(s -> s.category().equals(category)).map(Status::key)
                .findFirst().orElse(statusKey);
    }

    @Override
    public String sprintOf(long releaseId) {
        return sprintOfRelease.get(releaseId);
    }

    @Override
    public Long releaseOf(String sprintId) {
        return releaseOfSprint.get(sprintId);
    }

    void pairRelease(long releaseId, String sprintId) {
        sprintOfRelease.put(releaseId, sprintId);
        releaseOfSprint.put(sprintId, releaseId);
    }

    @Override
    public String workspaceStatus(String workspaceId, String homeKey) {
        List<Status> available = statusesOf(workspaceId);
        if (available.stream().anyMatch(s -> s.key().equals(homeKey))) {
            return homeKey;
        }
        String category = statusesOf(home()).stream().filter(s -> s.key().equals(homeKey))
                .map(Status::category).findFirst().orElse("todo");
        return available.stream().filter(s -> s.category().equals(category)).map(Status::key).findFirst()
                .orElse(available.isEmpty() ? homeKey : available.getFirst().key());
    }

    /** An entry's values as plain data (the assignee as the e-mail of a person of the organisation). */
    EntryValues entryValues(Entry entry) {
        String email = entry.getAssigneeId() == null ? null : emailByUser.get(entry.getAssigneeId());
        return new EntryValues(entry.getTitle(), entry.getStatus(), email, entry.getDueDate(), entry.getTrackedMinutes(),
                entry.getReleaseId());
    }

    static TaskValues taskValues(Task task) {
        return new TaskValues(task.workspaceId(), task.name(), task.status(), task.assigneeId(), task.dueDate(),
                task.customFields(), task.sprintId());
    }

    /** What the sync submits to Align for an entry of this project with these values. */
    EntryDraft draft(long projectId, EntryValues values) {
        Long assignee = values.assigneeEmail() == null ? null : userByEmail.get(values.assigneeEmail());
        return new EntryDraft(projectId, values.releaseId(), values.title(), values.status(), assignee,
                values.dueDate(), values.trackedMinutes());
    }

    /** A change this run is about to carry was made at {@code at}. */
    void changeMadeAt(java.time.Instant at) {
        if (at != null && (oldestChange == null || at.isBefore(oldestChange))) {
            oldestChange = at;
        }
    }

    /** Whether the run wrote anything to either side (so that its lag means something). */
    boolean carriedChanges() {
        return counts.values().stream().flatMap(byAction -> byAction.entrySet().stream())
                .anyMatch(e -> java.util.Set.of("CREATED", "UPDATED", "DELETED", "ARCHIVED").contains(e.getKey())
                        && e.getValue() > 0);
    }
}
