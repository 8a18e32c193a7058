package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.client.IllumeraModel.BatchItem;
import dev.align.illumera.client.IllumeraModel.BatchResult;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.sync.RunLog.Item;
import dev.align.illumera.sync.SyncStore.Link;
import dev.align.illumera.sync.SyncStore.LinkState;
import dev.align.illumera.sync.SyncStore.RecordType;
import dev.align.illumera.sync.core.EntryFields;
import dev.align.illumera.sync.core.EntryFields.EntryValues;
import dev.align.illumera.sync.core.FieldDecision.Flow;
import dev.align.illumera.sync.core.FieldDecision.Write;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The creates of a run, crash-safe (SYNC-DESIGN "Why a crash cannot duplicate"): tasks for entries in
 * batches behind pending links with deterministic idempotency keys, entries for tasks each with its
 * link in one transaction, and the completion of creates an earlier run was interrupted in.
 */
@Component
class EntryCreates {

    private static final int BATCH = 100;
    private static final TypeReference<Map<String, Object>> PENDING_BODY = new TypeReference<>() { };

    private final SyncStore store;
    private final EntryService entries;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Clock clock;

    EntryCreates(SyncStore store, EntryService entries, TransactionTemplate transactions, JsonMapper json, Clock clock) {
        this.store = store;
        this.entries = entries;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Creates a crash interrupted: repeat the same request with the same idempotency key (Illumera
     * answers with the task it made, if it made one). Illumera forgets keys after a day, and keys are
     * scoped to the API key, so a pending create older than 20 hours, or from before the key was last
     * saved, is first looked for by its externalRef, in one pass of the feed since the oldest of them.
     */
    void resumePending(SyncContext run) {
        List<Link> pending = store.links(run.organisationId, RecordType.ENTRY, LinkState.PENDING);
        Instant keySaved = run.connection.connectedAt();
        List<Link> repeat = new ArrayList<>();
        Map<String, Link> lookFor = new HashMap<>();
        for (Link link : pending) {
            boolean keyMayBeForgotten = Duration.between(link.createdAt(), clock.instant()).compareTo(Duration.ofHours(20)) > 0
                    || (keySaved != null && link.createdAt().isBefore(keySaved));
            if (keyMayBeForgotten) {
                lookFor.put(SyncEngine.ENTRY_REF + link.alignId(), link);
            } else {
                repeat.add(link);
            }
        }
        if (!lookFor.isEmpty()) {
            run.checkConnected();
            Instant since = lookFor.values().stream().map(Link::createdAt).min(Comparator.naturalOrder()).orElseThrow()
                    .minus(Duration.ofMinutes(5));
            // Deleted ones too: a task made and deleted meanwhile must not be made again.
            run.client.tasks(null, since).filter(t -> lookFor.containsKey(t.externalRef()))
                    .forEach(t -> {
                        Link link = lookFor.remove(t.externalRef());
                        completeInterrupted(run, link, t);
                        if (t.deleted()) {
                            store.markGone(link.id());
                        }
                    });
            repeat.addAll(lookFor.values());
        }
        for (int from = 0; from < repeat.size(); from += BATCH) {
            run.checkConnected();
            List<Link> batch = repeat.subList(from, Math.min(repeat.size(), from + BATCH));
            List<BatchItem> items = batch.stream().map(link -> new BatchItem("create", null, null, link.idempotencyKey(),
                    json.readValue(link.pendingBody(), PENDING_BODY))).toList();
            List<BatchResult> results = run.client.batch(items, UUID.randomUUID().toString());
            for (int i = 0; i < results.size(); i++) {
                Link link = batch.get(i);
                if (results.get(i).succeeded()) {
                    completeInterrupted(run, link, results.get(i).task());
                } else {
                    store.deleteLink(link.id());
                    run.record(new Item(RecordType.ENTRY, link.alignId(), null, "TO_ILLUMERA", "ERROR", null,
                            "An interrupted create was refused when repeated; the entry is created again when it changes."));
                }
            }
        }
    }

    private void completeInterrupted(SyncContext run, Link link, Task created) {
        Entry entry = entries.forSync(List.of(link.alignId())).stream().findFirst().orElse(null);
        store.completePending(List.of(new SyncStore.Completed(link.id(), created.id(), created.version(),
                entry == null ? null : entry.getVersion(), EntryFields.ofTask(SyncContext.taskValues(created), run.mapping,
                run))));
        run.record(new Item(RecordType.ENTRY, link.alignId(), created.id(), "TO_ILLUMERA", "CREATED", null,
                "Completed a create interrupted in an earlier run."));
    }

    /** Creates tasks for entries in batches: pending links first, then one call, then the links completed. */
    void createTasks(SyncContext run, SyncEngine.CrashPoint crashPoint, List<Entry> toCreate) {
        for (int from = 0; from < toCreate.size(); from += BATCH) {
            run.checkConnected();
            List<Entry> batch = toCreate.subList(from, Math.min(toCreate.size(), from + BATCH));
            List<Entry> sent = new ArrayList<>();
            List<BatchItem> items = new ArrayList<>();
            List<Long> linkIds = new ArrayList<>();
            // The bodies first (they may ask Illumera for members and statuses), then one short transaction.
            for (Entry entry : batch) {
                String workspace = run.workspaceFor(entry.getProjectId());
                if (workspace == null) {
                    run.record(new Item(RecordType.ENTRY, entry.getId(), null, "TO_ILLUMERA", "ERROR", null,
                            "Its project has no Illumera workspace yet (see the project's record in this run)."));
                    continue;
                }
                // Keyed by organisation, home workspace and entry: the same API key reconnected to another
                // workspace must not meet its earlier creates (same key, other body: 409).
                String key = "align-" + run.organisationId + "-" + run.home() + "-entry-" + entry.getId() + "-create";
                try {
                    items.add(new BatchItem("create", null, null, key, newTask(run, entry, workspace)));
                    sent.add(entry);
                } catch (RuntimeException e) {
                    SyncRecords.failedRecord(run, e, entry.getId(), null, "TO_ILLUMERA");
                }
            }
            List<SyncStore.Pending> pending = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                BatchItem item = items.get(i);
                pending.add(new SyncStore.Pending(sent.get(i).getId(), (String) item.task().get("workspaceId"),
                        item.idempotencyKey(), json.writeValueAsString(item.task())));
            }
            Map<Long, Long> written = transactions.execute(tx -> store.insertPending(run.organisationId,
                    RecordType.ENTRY, pending));
            sent.forEach(entry -> linkIds.add(written.get(entry.getId())));
            crashPoint.reached("pending-written", from);
            if (items.isEmpty()) {
                continue;
            }
            List<BatchResult> results = run.client.batch(items, UUID.randomUUID().toString());
            crashPoint.reached("answered", from);
            // The batch's links in one transaction: a crash leaves all of them pending (completed by the next
            // run with the same keys) or none.
            List<SyncStore.Completed> completed = new ArrayList<>();
            List<Long> refused = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                BatchResult result = results.get(i);
                Entry entry = sent.get(i);
                if (result.succeeded()) {
                    Task task = result.task();
                    completed.add(new SyncStore.Completed(linkIds.get(i), task.id(), task.version(), entry.getVersion(),
                            EntryFields.ofTask(SyncContext.taskValues(task), run.mapping, run)));
                    run.record(new Item(RecordType.ENTRY, entry.getId(), task.id(), "TO_ILLUMERA", "CREATED",
                            Map.of("name", java.util.Arrays.asList(null, task.name())), null));
                } else {
                    refused.add(linkIds.get(i));
                    run.record(new Item(RecordType.ENTRY, entry.getId(), null, "TO_ILLUMERA", "ERROR", null,
                            "Illumera refused the new task: " + (result.error() == null ? "status " + result.status()
                                    : result.error().detail())));
                }
            }
            transactions.executeWithoutResult(tx -> {
                store.completePending(completed);
                refused.forEach(store::deleteLink);
            });
            crashPoint.reached("linked", from + results.size());
            run.progress(batch.size());
        }
    }

    /** The body of a new task for an entry in a workspace: every field that flows to Illumera, and our reference. */
    Map<String, Object> newTask(SyncContext run, Entry entry, String workspace) {
        List<Write> writes = new ArrayList<>();
        run.loadWorkspace(workspace);
        EntryFields.ofEntry(run.entryValues(entry), workspace, run.mapping, run).forEach((field, value) -> {
            if (run.flows.get(field) != Flow.TO_ALIGN && value != null) {
                writes.add(new Write(field, null, value));
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("workspaceId", workspace);
        body.put("name", entry.getTitle());
        body.putAll(EntryFields.taskMembers(writes, run.mapping, workspace, run));
        if (!body.containsKey("status") || body.get("status") == null) {
            body.put("status", run.workspaceStatus(workspace, run.mapping.statuses().toIllumera()
                    .getOrDefault(EntryStatus.TODO, "todo")));
        }
        body.put("externalRef", SyncEngine.ENTRY_REF + entry.getId());
        return body;
    }

    /** Entries for tasks made in Illumera; each entry and its link in one transaction. */
    void createEntries(SyncContext run, List<Task> tasks) {
        int done = 0;
        for (Task task : tasks) {
            if (done++ % BATCH == 0) {
                run.checkConnected();
            }
            Long projectId = run.projectFor(task.workspaceId());
            if (projectId == null) {
                run.record(new Item(RecordType.ENTRY, null, task.id(), "TO_ALIGN", "ERROR", null,
                        "No Align project is paired with this task's workspace: the task cannot become an entry."));
                continue;
            }
            try {
                run.loadWorkspace(task.workspaceId());
                Map<String, String> values = EntryFields.ofTask(SyncContext.taskValues(task), run.mapping, run);
                List<Write> writes = new ArrayList<>();
                values.forEach((field, value) -> {
                    if (run.flows.get(field) != Flow.TO_ILLUMERA && value != null) {
                        writes.add(new Write(field, null, value));
                    }
                });
                EntryValues start = new EntryValues(task.name(), EntryStatus.TODO, null, null, 0, null);
                EntryValues wanted = EntryFields.applyToEntry(start, writes, task.workspaceId(), run.mapping, run);
                EntryValues named = new EntryValues(task.name(), wanted.status(), wanted.assigneeEmail(),
                        wanted.dueDate(), wanted.trackedMinutes(), wanted.releaseId());
                Map<String, String> alignValues = EntryFields.ofEntry(named, task.workspaceId(), run.mapping, run);
                // The base: what both sides hold now. Fields sourced from Align only were not taken from the
                // task, so their agreed value is the new entry's (Illumera's own value there is left alone).
                Map<String, String> base = new HashMap<>(values);
                run.flows.forEach((field, flow) -> {
                    if (flow == Flow.TO_ILLUMERA) {
                        base.put(field, alignValues.get(field));
                    }
                });
                Entry saved = transactions.execute(tx -> {
                    Entry entry = entries.writeFromSync(null, null, run.draft(projectId, named));
                    store.insertLinked(run.organisationId, RecordType.ENTRY, entry.getId(), task.id(), task.workspaceId(),
                            base, task.version(), entry.getVersion());
                    return entry;
                });
                run.record(new Item(RecordType.ENTRY, saved.getId(), task.id(), "TO_ALIGN", "CREATED",
                        Map.of("title", java.util.Arrays.asList(null, saved.getTitle())), null));
            } catch (RuntimeException e) {
                if (SyncRecords.runWide(e)) {
                    throw e;
                }
                run.record(new Item(RecordType.ENTRY, null, task.id(), "TO_ALIGN", "ERROR", null,
                        "Task \"" + SyncRecords.abbreviate(task.name()) + "\" cannot become an entry: " + SyncRecords.describe(e)));
            }
            if (done % BATCH == 0 || done == tasks.size()) {
                run.progress(done % BATCH == 0 ? BATCH : done % BATCH);
            }
        }
    }
}
