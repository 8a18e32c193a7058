package dev.align.illumera.sync.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every decision of an incremental run about which records to look at and what each one is
 * (SYNC-DESIGN), as a plan the engine carries out; pure, tested row by row without Spring, HTTP or a
 * database. The field values themselves are decided per pair by {@link SyncDecider}.
 * <ul>
 *   <li>a task in the feed no newer than the version the link holds is the sync's own write (an echo);</li>
 *   <li>a linked entry gone from Align, or a linked task deleted in Illumera, is a delete;</li>
 *   <li>a linked pair changed on either side (or left to retry, or resolved by a person) is decided;</li>
 *   <li>a changed entry without a link gets a task (when Align → Illumera flows);</li>
 *   <li>a task naming an entry of ours by its {@code externalRef}: the linked one is ours; another one is
 *       an import copy (a duplicate), unless the linked task was deleted in the same feed and the new one
 *       sits in another synced workspace: then Illumera recreated it there, and the link follows it;
 *       an entry not linked yet is adopted (an interrupted create finished elsewhere);</li>
 *   <li>any other task new to us gets an entry (when Illumera → Align flows and it is no known copy).</li>
 * </ul>
 */
public final class IncrementalPlanner {

    private IncrementalPlanner() {
    }

    /** A link as the store holds it; {@code resolved}: a person chose a value in the conflict inspector. */
    public record LinkView(long id, Long alignId, String illumeraId, boolean linked, Long illumeraVersion,
                           boolean needsRetry, boolean resolved) {

        LinkView following(String taskId) {
            return new LinkView(id, alignId, taskId, linked, null, needsRetry, resolved);
        }
    }

    /** A task as the feed gave it (the latest of repeats). */
    public record TaskView(String id, String workspaceId, long version, boolean deleted, String externalRef) {
    }

    /**
     * @param changedEntries entries changed or created in Align since the outbox position (not deleted)
     * @param existing       which of the entries concerned exist in Align now
     * @param changedTasks   the feed since the mark, by task id
     * @param candidates     links to look at: of the changed entries and tasks, to retry, resolved by a person
     * @param byReference    links of the entries that changed tasks name (for telling ours from copies)
     */
    public record Inputs(Set<Long> changedEntries, Set<Long> existing, Map<String, TaskView> changedTasks,
                         Collection<LinkView> candidates, Collection<LinkView> byReference,
                         Predicate<String> syncedWorkspace, boolean toIllumera, boolean toAlign,
                         Predicate<String> knownDuplicate) {
    }

    /** A linked pair to decide; {@code taskId} null: the task did not change since the base. */
    public record Pair(long linkId, long entryId, String taskId) {
    }

    /** A linked pair one side deleted; {@code entryId} null: gone from Align. */
    public record Delete(long linkId, Long entryId, String taskId) {
    }

    /** Illumera recreated the linked task elsewhere: the link follows the new task. */
    public record Relink(long linkId, long entryId, String fromTask, String toTask, String toWorkspace) {
    }

    /** A task naming an entry of ours that has no link yet: linked now, then decided. */
    public record Adopt(long entryId, String taskId) {
    }

    public record Problem(Long entryId, String taskId, String message) {
    }

    public record Plan(List<Relink> relinks, List<Adopt> adopted, List<Pair> pairs, List<Delete> deletes,
                       List<Long> createTasksFor, List<String> createEntriesFor, List<String> duplicates,
                       List<Problem> problems) {
    }

    /** The entries that changed tasks not linked yet name by their {@code externalRef} (their links are looked up). */
    public static Set<Long> namedEntries(Collection<TaskView> changedTasks, Set<String> linkedTasks) {
        Set<Long> named = new LinkedHashSet<>();
        changedTasks.stream().filter(t -> !linkedTasks.contains(t.id()))
                .forEach(t -> LoopGuard.referencedEntry(t.externalRef()).ifPresent(named::add));
        return named;
    }

    /**
     * True when all that came back of a linked pair is the sync's own write (or an older state): its task
     * is no newer than the link's version, it is not deleted, and nothing else asks for the pair (its
     * entry untouched in Align, no retry, no person's resolution). Such links are left out before the
     * entries are loaded, which keeps the first run after an initial sync from loading every entry
     * whose task it created; they still tell our tasks from copies.
     */
    public static boolean onlyAnEcho(LinkView link, TaskView task, Set<Long> touchedEntries) {
        return link.linked() && alreadySynced(link, task) && !link.needsRetry() && !link.resolved()
                && !touchedEntries.contains(link.alignId());
    }

    /** The task holds no more than the state the link last synced (the sync's own write, or older). */
    private static boolean alreadySynced(LinkView link, TaskView task) {
        return task != null && !task.deleted() && link.illumeraVersion() != null
                && task.version() <= link.illumeraVersion();
    }

    public static Plan plan(Inputs in) {
        Map<Long, LinkView> byEntry = new HashMap<>();
        Map<String, LinkView> byTask = new HashMap<>();
        Map<Long, LinkView> candidates = new java.util.LinkedHashMap<>();
        for (LinkView link : in.byReference()) {
            index(link, byEntry, byTask);
        }
        for (LinkView link : in.candidates()) {
            index(link, byEntry, byTask);
            candidates.put(link.id(), link);
        }
        // Tasks new to us that name an entry of ours: the entry decides whether each is ours or a copy.
        Map<String, Long> referenced = new HashMap<>();
        in.changedTasks().values().stream().filter(t -> !byTask.containsKey(t.id()))
                .forEach(t -> LoopGuard.referencedEntry(t.externalRef()).ifPresent(id -> referenced.put(t.id(), id)));

        List<Relink> relinks = new ArrayList<>();
        for (TaskView task : in.changedTasks().values()) {
            Long entryId = referenced.get(task.id());
            LinkView link = entryId == null ? null : byEntry.get(entryId);
            TaskView old = link == null || link.illumeraId() == null ? null : in.changedTasks().get(link.illumeraId());
            if (old != null && old.deleted() && !task.deleted() && link.linked() && in.existing().contains(entryId)
                    && in.syncedWorkspace().test(task.workspaceId()) && !old.workspaceId().equals(task.workspaceId())) {
                relinks.add(new Relink(link.id(), entryId, old.id(), task.id(), task.workspaceId()));
                LinkView moved = link.following(task.id());
                byTask.remove(old.id());
                index(moved, byEntry, byTask);
                candidates.put(moved.id(), moved);
            }
        }

        List<Pair> pairs = new ArrayList<>();
        List<Delete> deletes = new ArrayList<>();
        for (LinkView link : candidates.values()) {
            if (!link.linked()) {
                continue;
            }
            boolean entryExists = in.existing().contains(link.alignId());
            TaskView task = in.changedTasks().get(link.illumeraId());
            if (alreadySynced(link, task)) {
                task = null; // the sync's own write, or older: not a change
            }
            if (!entryExists || (task != null && task.deleted())) {
                deletes.add(new Delete(link.id(), entryExists ? link.alignId() : null, link.illumeraId()));
            } else if (task != null || in.changedEntries().contains(link.alignId()) || link.needsRetry()
                    || link.resolved()) {
                pairs.add(new Pair(link.id(), link.alignId(), task == null ? null : task.id()));
            }
            // else: only the sync's own write came back (an echo): nothing to decide
        }

        Set<Long> createTasksFor = new LinkedHashSet<>();
        if (in.toIllumera()) {
            in.changedEntries().stream().filter(id -> !byEntry.containsKey(id) && in.existing().contains(id))
                    .forEach(createTasksFor::add);
        }
        List<Adopt> adopted = new ArrayList<>();
        List<String> createEntriesFor = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (TaskView task : in.changedTasks().values()) {
            if (byTask.containsKey(task.id()) || task.deleted() || !in.syncedWorkspace().test(task.workspaceId())) {
                continue;
            }
            Long entryId = referenced.get(task.id());
            LoopGuard.TaskKind kind = LoopGuard.classify(task.id(), task.externalRef(), id -> Optional
                    .ofNullable(byEntry.get(id)).filter(LinkView::linked).map(LinkView::illumeraId));
            if (kind == LoopGuard.TaskKind.DUPLICATE) {
                duplicates.add(task.id());
            } else if (kind == LoopGuard.TaskKind.OURS) {
                if (byEntry.containsKey(entryId)) {
                    continue; // ours already (linked, or an interrupted create completed meanwhile), or held
                }
                if (in.existing().contains(entryId)) {
                    adopted.add(new Adopt(entryId, task.id()));
                    createTasksFor.remove(entryId);
                } else {
                    problems.add(new Problem(entryId, task.id(), "The task names Align entry " + entryId
                            + ", which no longer exists; it is not synced."));
                }
            } else if (in.toAlign() && !in.knownDuplicate().test(task.id())) {
                createEntriesFor.add(task.id());
            }
        }
        return new Plan(List.copyOf(relinks), List.copyOf(adopted), List.copyOf(pairs), List.copyOf(deletes),
                List.copyOf(createTasksFor), List.copyOf(createEntriesFor), List.copyOf(duplicates),
                List.copyOf(problems));
    }

    private static void index(LinkView link, Map<Long, LinkView> byEntry, Map<String, LinkView> byTask) {
        if (link.alignId() != null) {
            byEntry.put(link.alignId(), link);
        }
        if (link.illumeraId() != null) {
            byTask.put(link.illumeraId(), link);
        }
    }
}
