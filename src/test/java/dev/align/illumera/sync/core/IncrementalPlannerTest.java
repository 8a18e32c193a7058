package dev.align.illumera.sync.core;

import dev.align.illumera.sync.core.IncrementalPlanner.Inputs;
import dev.align.illumera.sync.core.IncrementalPlanner.LinkView;
import dev.align.illumera.sync.core.IncrementalPlanner.Plan;
import dev.align.illumera.sync.core.IncrementalPlanner.TaskView;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The incremental run's decisions, row by row, without Spring, HTTP or a database. Each row: what the
 * outbox and the feed say, the links the store holds, and the plan in short (only its non-empty parts).
 */
class IncrementalPlannerTest {

    /** Entry 1 linked to task t1 (version 5) in workspace ws; entry 2 linked to t2 (version 3). */
    static final LinkView L1 = new LinkView(11, 1L, "t1", true, 5L, false, false);
    static final LinkView L2 = new LinkView(12, 2L, "t2", true, 3L, false, false);

    static TaskView task(String id, long version) {
        return new TaskView(id, "ws", version, false, null);
    }

    static TaskView deleted(String id, long version) {
        return new TaskView(id, "ws", version, true, null);
    }

    static TaskView naming(String id, long entry, String workspace) {
        return new TaskView(id, workspace, 1, false, "align:entry:" + entry);
    }

    /** A row: the outbox's changed entries, the entries that exist, the feed, the links, both directions on. */
    static final class Row {
        final String name;
        Set<Long> changed = Set.of();
        Set<Long> existing = Set.of(1L, 2L);
        final Map<String, TaskView> feed = new LinkedHashMap<>();
        final List<LinkView> links = new ArrayList<>();
        final List<LinkView> byReference = new ArrayList<>();
        boolean toIllumera = true;
        boolean toAlign = true;
        Set<String> knownCopies = Set.of();
        Set<String> synced = Set.of("ws", "ws2");

        Row(String name) {
            this.name = name;
        }

        Row changed(Long... ids) {
            changed = Set.of(ids);
            return this;
        }

        Row existing(Long... ids) {
            existing = Set.of(ids);
            return this;
        }

        Row feed(TaskView... tasks) {
            for (TaskView t : tasks) {
                feed.put(t.id(), t);
            }
            return this;
        }

        Row links(LinkView... views) {
            links.addAll(List.of(views));
            return this;
        }

        Row byReference(LinkView... views) {
            byReference.addAll(List.of(views));
            return this;
        }

        Row oneWay(boolean illumera, boolean align) {
            toIllumera = illumera;
            toAlign = align;
            return this;
        }

        Row copies(String... ids) {
            knownCopies = Set.of(ids);
            return this;
        }

        Plan plan() {
            return IncrementalPlanner.plan(new Inputs(changed, existing, feed, links, byReference, synced::contains,
                    toIllumera, toAlign, knownCopies::contains));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static String summary(Plan plan) {
        List<String> parts = new ArrayList<>();
        plan.relinks().forEach(r -> parts.add("relink " + r.linkId() + " " + r.fromTask() + "→" + r.toTask()));
        plan.adopted().forEach(a -> parts.add("adopt " + a.entryId() + "+" + a.taskId()));
        plan.pairs().forEach(p -> parts.add("decide " + p.linkId() + (p.taskId() == null ? "" : " with " + p.taskId())));
        plan.deletes().forEach(d -> parts.add("delete " + d.linkId() + (d.entryId() == null ? " (gone from Align)" : "")));
        plan.createTasksFor().forEach(id -> parts.add("task for " + id));
        plan.createEntriesFor().forEach(id -> parts.add("entry for " + id));
        plan.duplicates().forEach(id -> parts.add("copy " + id));
        plan.problems().forEach(p -> parts.add("problem " + p.taskId()));
        return parts.isEmpty() ? "nothing" : String.join("; ", parts);
    }

    static Stream<Arguments> rows() {
        return Stream.of(
                Arguments.of(new Row("the sync's own write comes back: an echo").links(L1).feed(task("t1", 5)), "nothing"),
                Arguments.of(new Row("an older state of the task: nothing").links(L1).feed(task("t1", 4)), "nothing"),
                Arguments.of(new Row("changed in Illumera").links(L1).feed(task("t1", 6)), "decide 11 with t1"),
                Arguments.of(new Row("changed in Align").changed(1L).links(L1), "decide 11"),
                Arguments.of(new Row("changed on both sides").changed(1L).links(L1).feed(task("t1", 6)),
                        "decide 11 with t1"),
                Arguments.of(new Row("left to retry by an earlier run")
                        .links(new LinkView(11, 1L, "t1", true, 5L, true, false)), "decide 11"),
                Arguments.of(new Row("resolved by a person").links(new LinkView(11, 1L, "t1", true, 5L, false, true)),
                        "decide 11"),
                Arguments.of(new Row("a version never recorded: decided").links(new LinkView(11, 1L, "t1", true, null,
                        false, false)).feed(task("t1", 1)), "decide 11 with t1"),
                Arguments.of(new Row("deleted in Illumera").links(L1).feed(deleted("t1", 6)), "delete 11"),
                Arguments.of(new Row("deleted in Align").existing(2L).links(L1), "delete 11 (gone from Align)"),
                Arguments.of(new Row("a held link is never decided")
                        .changed(1L).links(new LinkView(11, 1L, null, false, null, false, false)), "nothing"),
                Arguments.of(new Row("a new entry gets a task").changed(3L).existing(1L, 2L, 3L), "task for 3"),
                Arguments.of(new Row("not when only Illumera → Align flows").changed(3L).existing(1L, 2L, 3L)
                        .oneWay(false, true), "nothing"),
                Arguments.of(new Row("a new task gets an entry").feed(task("t9", 1)), "entry for t9"),
                Arguments.of(new Row("not when only Align → Illumera flows").feed(task("t9", 1)).oneWay(true, false),
                        "nothing"),
                Arguments.of(new Row("not a known import copy").feed(task("t9", 1)).copies("t9"), "nothing"),
                Arguments.of(new Row("not from a workspace that is not synced")
                        .feed(new TaskView("t9", "elsewhere", 1, false, null)), "nothing"),
                Arguments.of(new Row("not a task deleted before we met it").feed(deleted("t9", 2)), "nothing"),
                Arguments.of(new Row("a task naming a linked entry is an import copy").byReference(L1)
                        .feed(naming("t9", 1, "ws")), "copy t9"),
                Arguments.of(new Row("its linked task deleted in another workspace: recreated there").byReference(L1)
                        .feed(new TaskView("t1", "ws", 6, true, null), naming("t9", 1, "ws2")),
                        "relink 11 t1→t9; decide 11 with t9"),
                Arguments.of(new Row("deleted in the same workspace: a copy, and the delete").links(L1).byReference(L1)
                        .feed(deleted("t1", 6), naming("t9", 1, "ws")), "delete 11; copy t9"),
                Arguments.of(new Row("a task naming an entry without a link is ours: adopted").changed(3L)
                        .existing(1L, 2L, 3L).feed(naming("t9", 3, "ws")), "adopt 3+t9"),
                Arguments.of(new Row("naming an entry that no longer exists").feed(naming("t9", 7, "ws")), "problem t9"),
                Arguments.of(new Row("both links at once, each its own way").changed(2L).links(L1, L2)
                        .feed(task("t1", 5)), "decide 12"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void plans(Row row, String expected) {
        assertThat(summary(row.plan())).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', textBlock = """
            the sync's own write back             | true
            a newer task                          | false
            the task deleted                      | false
            the entry changed in Align too        | false
            left to retry                         | false
            """)
    void what_counts_as_only_an_echo(String row, boolean echo) {
        LinkView link = row.equals("left to retry") ? new LinkView(11, 1L, "t1", true, 5L, true, false) : L1;
        TaskView task = switch (row) {
            case "a newer task" -> task("t1", 6);
            case "the task deleted" -> deleted("t1", 5);
            default -> task("t1", 5);
        };
        Set<Long> touched = row.equals("the entry changed in Align too") ? Set.of(1L) : Set.of();

        assertThat(IncrementalPlanner.onlyAnEcho(link, task, touched)).isEqualTo(echo);
    }
}
