package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryService;
import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.client.IllumeraModel.BatchItem;
import dev.align.illumera.client.IllumeraModel.BatchResult;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.sync.RunLog.Item;
import dev.align.illumera.sync.SyncStore.Link;
import dev.align.illumera.sync.SyncStore.RecordType;
import dev.align.illumera.sync.core.EntryFields;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * An entry moved to a project paired with another workspace follows it (PRODUCT §3). A task cannot
 * change workspace (contract), so the move is a create in the new workspace and a delete of the old
 * task, crash-safe like any create: the move is written on the link first ({@code pending_body}: the
 * old task, the target and the body, with a key unique to this move), the task created with that
 * idempotency key, the link pointed at it (its id, base and history carried over), the old task
 * deleted, and only then the mark cleared. A run that finds a mark finishes the move first.
 */
@Component
class EntryMoves {

    private static final TypeReference<Map<String, Object>> BODY = new TypeReference<>() { };

    private final SyncStore store;
    private final EntryService entries;
    private final EntryCreates creates;
    private final TransactionTemplate transactions;
    private final JsonMapper json;

    EntryMoves(SyncStore store, EntryService entries, EntryCreates creates, TransactionTemplate transactions,
               JsonMapper json) {
        this.store = store;
        this.entries = entries;
        this.creates = creates;
        this.transactions = transactions;
        this.json = json;
    }

    /** True when this connection moves tasks for entries moved in Align (projects paired, Align → Illumera). */
    static boolean follows(SyncContext run) {
        return run.projectsRowOn() && run.toIllumera() && run.mapping.row(AlignField.PROJECT).direction().toIllumera();
    }

    /** The workspace an entry linked to {@code link} should be in now, when that is another one; else null. */
    static String target(SyncContext run, Link link, Entry entry) {
        String wanted = follows(run) ? run.workspaceFor(entry.getProjectId()) : null;
        return wanted != null && !wanted.equals(link.workspaceId()) ? wanted : null;
    }

    /** Moves an earlier run was interrupted in, finished before anything else reads the feed. */
    void resume(SyncContext run, SyncEngine.CrashPoint crash) {
        for (Link link : store.moving(run.organisationId)) {
            run.checkConnected();
            finish(run, link, json.readValue(link.pendingBody(), BODY), crash);
        }
    }

    /** Moves the task of a linked entry to the workspace of the entry's project now. */
    void move(SyncContext run, Link link, Entry entry, String target, SyncEngine.CrashPoint crash) {
        Map<String, Object> body = creates.newTask(run, entry, target);
        Map<String, Object> move = new LinkedHashMap<>();
        move.put("from", link.illumeraId());
        move.put("fromWorkspace", link.workspaceId());
        move.put("to", target);
        move.put("key", "align-" + run.organisationId + "-" + run.home() + "-entry-" + entry.getId() + "-move-from-"
                + link.illumeraId());
        move.put("task", body);
        transactions.executeWithoutResult(tx -> store.startMove(link.id(), (String) move.get("key"),
                json.writeValueAsString(move)));
        crash.reached("move-started", 0);
        finish(run, store.link(link.id()).orElseThrow(), move, crash);
    }

    private void finish(SyncContext run, Link link, Map<String, Object> move, SyncEngine.CrashPoint crash) {
        String from = (String) move.get("from");
        String to = (String) move.get("to");
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) move.get("task");
        run.loadWorkspace(to);
        Entry entry = entries.forSync(List.of(link.alignId())).stream().findFirst().orElse(null);
        String now = link.illumeraId();
        if (from.equals(now)) { // not created yet, or created without the link knowing: the same key answers
            BatchResult result = run.client.batch(List.of(new BatchItem("create", null, null, link.idempotencyKey(),
                    body)), UUID.randomUUID().toString()).getFirst();
            if (!result.succeeded()) {
                transactions.executeWithoutResult(tx -> store.moveDone(link.id()));
                run.record(new Item(RecordType.ENTRY, link.alignId(), from, "TO_ILLUMERA", "ERROR", null,
                        "The entry moved to another project, but Illumera refused its task there ("
                                + (result.error() == null ? "status " + result.status() : result.error().detail())
                                + "): the task stays where it was."));
                return;
            }
            crash.reached("move-created", 0);
            Task created = result.task();
            Map<String, String> base = EntryFields.ofTask(SyncContext.taskValues(created), run.mapping, run);
            transactions.executeWithoutResult(tx -> store.moved(link.id(), created.id(), to, created.version(),
                    entry == null ? null : entry.getVersion(), base));
            crash.reached("move-linked", 0);
            now = created.id();
        }
        try {
            run.client.deleteTask(from, null); // the entry left that workspace: its old task goes
        } catch (IllumeraException.NotFound gone) {
            // deleted already (by an earlier attempt, or by a person)
        }
        transactions.executeWithoutResult(tx -> store.moveDone(link.id()));
        run.record(new Item(RecordType.ENTRY, link.alignId(), now, "TO_ILLUMERA", "MOVED",
                Map.of("workspace", Arrays.asList(move.get("fromWorkspace"), to)),
                "Moved to another project: the task was created in its workspace and the old task " + from
                        + " deleted."));
    }
}
