package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryService;
import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.client.IllumeraModel.BatchItem;
import dev.align.illumera.client.IllumeraModel.BatchResult;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.sync.RunLog.Item;
import dev.align.illumera.sync.SyncStore.Link;
import dev.align.illumera.sync.SyncStore.RecordType;
import dev.align.illumera.sync.core.EntryFields.EntryValues;
import dev.align.illumera.sync.core.EntryFields;
import dev.align.illumera.sync.core.FieldDecision.Outcome;
import dev.align.illumera.sync.core.FieldDecision.Side;
import dev.align.illumera.sync.core.FieldDecision;
import dev.align.illumera.sync.core.SyncDecider;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Carries out the decisions about linked pairs: decides each pair three-way (the pure core's
 * {@code SyncDecider}), sends Illumera's updates in batches (If-Match), then writes Align and the link
 * in one transaction per pair, recording what it did. What moved meanwhile is decided again next run.
 */
@Component
class PairWrites {

    private static final int BATCH = 100;

    private final SyncStore store;
    private final SyncConflicts conflicts;
    private final EntryService entries;
    private final TransactionTemplate transactions;

    PairWrites(SyncStore store, SyncConflicts conflicts, EntryService entries, TransactionTemplate transactions) {
        this.store = store;
        this.conflicts = conflicts;
        this.entries = entries;
        this.transactions = transactions;
    }

    static String label(String field) {
        return dev.align.illumera.mapping.AlignField.valueOf(field).label();
    }

    Outcome decide(SyncContext run, EntryPair pair, Map<String, String> resolutions) {
        return decide(run, pair, resolutions, run.rules);
    }

    Outcome decide(SyncContext run, EntryPair pair, Map<String, String> resolutions, FieldDecision.Rules rules) {
        String workspace = pair.task() != null ? pair.task().workspaceId() : pair.link().workspaceId();
        run.loadWorkspace(workspace);
        Map<String, String> alignValues = EntryFields.ofEntry(run.entryValues(pair.entry()), workspace, run.mapping, run);
        Map<String, String> base = pair.link() == null ? null : pair.link().base();
        Map<String, String> illumeraValues;
        if (pair.task() != null) {
            run.loadWorkspace(pair.task().workspaceId());
            illumeraValues = EntryFields.ofTask(SyncContext.taskValues(pair.task()), run.mapping, run);
        } else {
            illumeraValues = SyncStore.copy(base); // not in the feed since the mark: as last agreed
        }
        if (!resolutions.isEmpty()) {
            // A person's choice: make the losing side look unchanged, so the chosen value flows to it.
            base = SyncStore.copy(base);
            for (var choice : resolutions.entrySet()) {
                base.put(choice.getKey(), choice.getValue().equals("ALIGN")
                        ? illumeraValues.get(choice.getKey()) : alignValues.get(choice.getKey()));
            }
        }
        return SyncDecider.decide(base, new Side(alignValues, pair.entry().getUpdatedAt()),
                new Side(illumeraValues, pair.task() == null ? null : pair.task().updatedAt()), rules);
    }

    /** Decides every pair, sends Illumera's updates in batches, then writes Align and the links. */
    void syncPairs(SyncContext run, List<EntryPair> changed, SyncEngine.CrashPoint crashPoint) {
        Map<Long, List<SyncConflicts.OpenConflict>> open = new HashMap<>();
        conflicts.openConflicts(run.organisationId, changed.stream().map(p -> p.link().id()).toList())
                .forEach(c -> open.computeIfAbsent(c.linkId(), k -> new ArrayList<>()).add(c));
        // Where the base does not stand for Illumera's value (an open conflict, a pair a run could not
        // finish, a pair never decided), read the task itself rather than assume it unchanged.
        List<EntryPair> pairs = new ArrayList<>();
        for (EntryPair p : changed) {
            boolean readTask = p.task() == null
                    && (open.containsKey(p.link().id()) || p.link().needsRetry() || p.link().base() == null);
            if (!readTask) {
                pairs.add(p);
                continue;
            }
            try {
                Task task = run.client.task(p.link().illumeraId());
                pairs.add(new EntryPair(p.link(), p.entry(), task.deleted() ? null : task));
            } catch (IllumeraException.NotFound e) {
                store.markGone(p.link().id());
                run.record(new Item(RecordType.ENTRY, p.link().alignId(), p.link().illumeraId(), "NONE", "ERROR", null,
                        "The task is gone from Illumera (or out of the key's reach): no longer synced."));
            } catch (RuntimeException e) {
                SyncRecords.failedRecord(run, e, p.link().alignId(), p.link().illumeraId(), "NONE");
            }
        }
        for (int from = 0; from < pairs.size(); from += BATCH) {
            run.checkConnected();
            List<EntryPair> batch = pairs.subList(from, Math.min(pairs.size(), from + BATCH));
            Map<Long, Outcome> decided = new LinkedHashMap<>();
            List<BatchItem> updates = new ArrayList<>();
            List<EntryPair> updated = new ArrayList<>();
            for (EntryPair pair : batch) {
                Map<String, String> resolutions = new HashMap<>();
                open.getOrDefault(pair.link().id(), List.of()).stream().filter(c -> c.resolution() != null)
                        .forEach(c -> resolutions.put(c.field(), c.resolution()));
                try {
                    Outcome outcome = decide(run, pair, resolutions);
                    if (!outcome.toIllumera().isEmpty()) {
                        String workspace = pair.link().workspaceId();
                        Long ifMatch = pair.task() != null ? Long.valueOf(pair.task().version()) : pair.link().illumeraVersion();
                        updates.add(BatchItem.update(pair.link().illumeraId(), ifMatch,
                                EntryFields.taskMembers(outcome.toIllumera(), run.mapping, workspace, run)));
                        updated.add(pair);
                    }
                    decided.put(pair.link().id(), outcome);
                } catch (RuntimeException e) {
                    SyncRecords.failedRecord(run, e, pair.link().alignId(), pair.link().illumeraId(), "NONE");
                    store.markRetry(pair.link().id());
                }
            }
            Map<Long, Task> answers = new HashMap<>();
            Map<Long, String> refused = new HashMap<>();
            Set<Long> changedMeanwhile = new HashSet<>();
            if (!updates.isEmpty()) {
                List<BatchResult> results = run.client.batch(updates, UUID.randomUUID().toString());
                for (int i = 0; i < results.size(); i++) {
                    BatchResult result = results.get(i);
                    long linkId = updated.get(i).link().id();
                    if (result.succeeded()) {
                        answers.put(linkId, result.task());
                    } else {
                        if (result.status() == 412) {
                            changedMeanwhile.add(linkId);
                        }
                        refused.put(linkId, result.status() == 412
                                ? "Changed in Illumera meanwhile: decided again in the next run."
                                : "Illumera refused the update: " + (result.error() == null ? result.status() : result.error().detail()));
                    }
                }
            }
            for (EntryPair pair : batch) {
                if (decided.containsKey(pair.link().id())) {
                    apply(run, crashPoint, pair, decided.get(pair.link().id()), answers.get(pair.link().id()),
                            refused.get(pair.link().id()), changedMeanwhile.contains(pair.link().id()),
                            open.getOrDefault(pair.link().id(), List.of()));
                }
            }
            run.progress(batch.size());
        }
    }

    /** Moved meanwhile: tried again next run; a refusal that would only repeat waits for the record's next change. */
    private void retryNextRun(Link link, boolean movedMeanwhile) {
        if (movedMeanwhile) {
            store.markRetry(link.id());
        } else if (link.needsRetry()) {
            store.clearRetry(link.id());
        }
    }

    /**
     * Writes one decided pair. What moved meanwhile (412, a person's save) is tried again next run from
     * fresh reads; a refusal that would only repeat (invalid value) is reported and waits for the next
     * change of the record, so that it is not re-sent every run.
     */
    private void apply(SyncContext run, SyncEngine.CrashPoint crashPoint, EntryPair pair, Outcome outcome, Task answer, String refused, boolean movedMeanwhile,
                       List<SyncConflicts.OpenConflict> open) {
        Link link = pair.link();
        if (refused != null) {
            retryNextRun(link, movedMeanwhile);
            run.record(new Item(RecordType.ENTRY, link.alignId(), link.illumeraId(), "TO_ILLUMERA", "ERROR",
                    SyncRecords.changes(outcome.toIllumera()), refused));
            return;
        }
        Set<String> conflicted = new HashSet<>();
        outcome.conflicts().forEach(c -> conflicted.add(c.field()));
        Long illumeraVersion = answer != null ? Long.valueOf(answer.version())
                : pair.task() != null ? Long.valueOf(pair.task().version()) : null;
        String failure;
        boolean retry = true;
        try {
            // Worked out before the transaction: it may ask Illumera (statuses, members).
            EntryValues changed = outcome.toAlign().isEmpty() ? null : EntryFields.applyToEntry(
                    run.entryValues(pair.entry()), outcome.toAlign(), link.workspaceId(), run.mapping, run);
            transactions.executeWithoutResult(tx -> {
                Integer alignVersion = pair.entry().getVersion();
                crashPoint.reached("align-write", 0);
                if (changed != null) {
                    Entry saved = entries.writeFromSync(pair.entry().getId(), pair.entry().getVersion(),
                            run.draft(pair.entry().getProjectId(), changed));
                    alignVersion = saved.getVersion();
                }
                boolean agreed = outcome.nothingToDo() && open.isEmpty() && !link.needsRetry()
                        && outcome.newBase().equals(link.base()) && Objects.equals(alignVersion, link.alignVersion())
                        && (illumeraVersion == null || illumeraVersion.equals(link.illumeraVersion()));
                if (!agreed) { // an unchanged pair costs no write
                    store.updateLink(link.id(), outcome.newBase(), illumeraVersion, alignVersion);
                }
                for (var conflict : outcome.conflicts()) {
                    conflicts.conflict(run.organisationId, link.id(), conflict.field(), conflict.base(),
                            conflict.alignValue(), conflict.illumeraValue());
                }
                for (var stale : open) {
                    if (!conflicted.contains(stale.field())) {
                        if (stale.resolution() != null) {
                            conflicts.conflictApplied(stale.id());
                        } else {
                            conflicts.conflictSettled(stale.id());
                        }
                    }
                }
            });
            failure = null;
        } catch (OptimisticLockingFailureException e) {
            failure = "Changed in Align meanwhile: decided again in the next run.";
        } catch (RuntimeException e) {
            if (SyncRecords.runWide(e)) {
                throw e;
            }
            failure = SyncRecords.describe(e);
            retry = !(e instanceof dev.align.base.InvalidInputException || e instanceof IllegalArgumentException);
        }
        if (failure != null) {
            boolean again = retry;
            // What reached Illumera is agreed now; the rest is decided again, from fresh reads, next run.
            Map<String, String> partial = SyncStore.copy(link.base());
            outcome.toIllumera().forEach(w -> partial.put(w.field(), w.after()));
            transactions.executeWithoutResult(tx -> {
                if (answer != null) {
                    store.updateLink(link.id(), partial, illumeraVersion, null);
                }
                retryNextRun(link, again);
            });
            run.record(new Item(RecordType.ENTRY, link.alignId(), link.illumeraId(), "TO_ALIGN", "ERROR",
                    SyncRecords.changes(outcome.toAlign()), failure));
            return;
        }
        if (!outcome.toIllumera().isEmpty()) {
            run.record(new Item(RecordType.ENTRY, link.alignId(), link.illumeraId(), "TO_ILLUMERA", "UPDATED",
                    SyncRecords.changes(outcome.toIllumera()), null));
        }
        if (!outcome.toAlign().isEmpty()) {
            run.record(new Item(RecordType.ENTRY, link.alignId(), link.illumeraId(), "TO_ALIGN", "UPDATED",
                    SyncRecords.changes(outcome.toAlign()), null));
        }
        Set<String> alreadyOpen = new HashSet<>();
        open.forEach(c -> alreadyOpen.add(c.field()));
        for (var conflict : outcome.conflicts()) {
            if (!alreadyOpen.contains(conflict.field())) {
                run.newConflicts++;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put(conflict.field(), java.util.Arrays.asList(conflict.alignValue(), conflict.illumeraValue()));
            run.record(new Item(RecordType.ENTRY, link.alignId(), link.illumeraId(), "NONE", "CONFLICT", values,
                    "Changed on both sides: waiting in the conflict inspector."));
        }
        if (outcome.nothingToDo()) {
            run.count(RecordType.ENTRY, "UNCHANGED");
        }
    }
}
