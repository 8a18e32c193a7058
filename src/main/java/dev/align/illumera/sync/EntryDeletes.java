package dev.align.illumera.sync;

import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.sync.RunLog.Item;
import dev.align.illumera.sync.SyncStore.Link;
import dev.align.illumera.sync.SyncStore.RecordType;
import dev.align.illumera.sync.core.EntryFields.EntryValues;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Objects;

/**
 * Deletes on either side of a linked pair: always recorded; they reach the other side only when the
 * connection propagates them (an entry is archived, a task soft-deleted), never over an edit made
 * since the last sync.
 */
@Component
class EntryDeletes {

    private final SyncStore store;
    private final EntryService entries;
    private final TransactionTemplate transactions;

    EntryDeletes(SyncStore store, EntryService entries, TransactionTemplate transactions) {
        this.store = store;
        this.entries = entries;
        this.transactions = transactions;
    }

    /** Deletes are always recorded; they reach the other side only when the connection propagates them. */
    void deletes(SyncContext run, List<EntryPair> deletes) {
        boolean propagate = run.settings.propagateDeletes();
        for (EntryPair pair : deletes) {
            run.checkConnected();
            Link link = pair.link();
            boolean deletedInAlign = pair.entry() == null;
            String outcome = propagate ? "; deleted on the other side too."
                    : "; kept on the other side (deletes are not propagated).";
            if (deletedInAlign) {
                if (!propagate) {
                    transactions.executeWithoutResult(tx -> store.markGone(link.id()));
                    run.record(new Item(RecordType.ENTRY, link.alignId(), link.illumeraId(), "NONE", "DELETED", null,
                            "Deleted in Align" + outcome));
                    run.progress(1);
                    continue;
                }
                try {
                    // If-Match: a task edited in Illumera after the entry was deleted is not deleted blindly.
                    run.client.deleteTask(link.illumeraId(), link.illumeraVersion());
                } catch (IllumeraException.NotFound e) {
                    outcome = "; already gone in Illumera.";
                } catch (IllumeraException.VersionMismatch e) {
                    outcome = "; kept in Illumera, where the task was changed since it was last synced.";
                } catch (RuntimeException e) {
                    if (SyncRecords.runWide(e)) {
                        throw e;
                    }
                    outcome = "; could not be deleted in Illumera: " + SyncRecords.describe(e);
                }
                transactions.executeWithoutResult(tx -> store.markGone(link.id()));
            } else {
                // Align has no bin: a task deleted in Illumera archives its entry (status Cancelled), which
                // loses nothing. An entry changed in Align since it was last synced is left as it is.
                boolean editedSince = pair.entry() != null && !Objects.equals(pair.entry().getVersion(), link.alignVersion());
                boolean archive = propagate && !editedSince && pair.entry().getStatus() != EntryStatus.CANCELLED;
                if (propagate) {
                    outcome = editedSince ? "; kept in Align, where the entry was changed since it was last synced."
                            : "; archived in Align (status Cancelled).";
                }
                try {
                    EntryValues current = run.entryValues(pair.entry());
                    EntryValues archived = new EntryValues(current.title(), EntryStatus.CANCELLED,
                            current.assigneeEmail(), current.dueDate(), current.trackedMinutes(), current.releaseId());
                    transactions.executeWithoutResult(tx -> {
                        if (archive) {
                            entries.writeFromSync(link.alignId(), pair.entry().getVersion(),
                                    run.draft(pair.entry().getProjectId(), archived));
                        }
                        store.markGone(link.id());
                    });
                } catch (RuntimeException e) {
                    if (SyncRecords.runWide(e)) {
                        throw e;
                    }
                    transactions.executeWithoutResult(tx -> store.markGone(link.id()));
                    outcome = "; could not be archived in Align: " + SyncRecords.describe(e);
                }
            }
            run.record(new Item(RecordType.ENTRY, link.alignId(), link.illumeraId(),
                    !propagate ? "NONE" : deletedInAlign ? "TO_ILLUMERA" : "TO_ALIGN", "DELETED", null,
                    (deletedInAlign ? "Deleted in Align" : "Deleted in Illumera") + outcome));
            run.progress(1);
        }
    }
}
