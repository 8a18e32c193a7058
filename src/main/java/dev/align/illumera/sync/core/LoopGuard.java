package dev.align.illumera.sync.core;

import java.util.Optional;
import java.util.function.Function;

/**
 * The two guards against loops and runaway runs (SYNC-DESIGN "Loops and duplicates"):
 * a task that carries the {@code align:} reference of an entry already linked to another task is an
 * import copy (a duplicate: shown, never synced back), and a run that would create or delete far
 * more than the organisation holds pauses instead of acting.
 */
public final class LoopGuard {

    private LoopGuard() {
    }

    public enum TaskKind {
        /** No align: reference of ours: a task made in Illumera, to be matched or created in Align. */
        FOREIGN,
        /** The task linked to the entry its reference names (or the first to claim it). */
        OURS,
        /** Another task with the reference of an entry that is linked elsewhere: an import copy. */
        DUPLICATE
    }

    /** The entry an {@code align:entry:<id>} reference names, if it is one. */
    public static Optional<Long> referencedEntry(String externalRef) {
        return InitialMatcher.referencedId(externalRef == null ? null : externalRef.strip(), "align:entry:");
    }

    /**
     * @param linkedTaskOfEntry the task id an entry is linked to now (empty when the entry has no link)
     */
    public static TaskKind classify(String taskId, String externalRef, Function<Long, Optional<String>> linkedTaskOfEntry) {
        return referencedEntry(externalRef)
                .map(entry -> linkedTaskOfEntry.apply(entry).map(linked -> linked.equals(taskId)
                        ? TaskKind.OURS : TaskKind.DUPLICATE).orElse(TaskKind.OURS))
                .orElse(TaskKind.FOREIGN);
    }

    /**
     * Why a run must pause rather than act, or empty. A run may always touch a small number of
     * records ({@code floor}); beyond that, more than {@code share} of the organisation's records
     * created or deleted at once is out of proportion.
     */
    public static Optional<String> massChange(int plannedCreates, int plannedDeletes, int organisationRecords,
                                              int floor, double share) {
        int limit = Math.max(floor, (int) Math.ceil(organisationRecords * share));
        if (plannedDeletes > limit) {
            return Optional.of("This run would delete " + plannedDeletes + " records of " + organisationRecords
                    + " (more than " + limit + "): sync is paused until someone checks why.");
        }
        if (plannedCreates > limit) {
            return Optional.of("This run would create " + plannedCreates + " records for an organisation with "
                    + organisationRecords + " (more than " + limit + "): sync is paused until someone checks why.");
        }
        return Optional.empty();
    }
}
