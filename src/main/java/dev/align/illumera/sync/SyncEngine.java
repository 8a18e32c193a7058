package dev.align.illumera.sync;

import dev.align.entry.Entry;
import dev.align.entry.EntryService;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.KeyExpiryCheck;
import dev.align.illumera.client.IllumeraClients;
import dev.align.illumera.client.IllumeraException;
import dev.align.illumera.client.IllumeraModel.FeedMark;
import dev.align.illumera.client.IllumeraModel.Task;
import dev.align.illumera.secrets.SecretBox;
import dev.align.illumera.sync.RunLog.Item;
import dev.align.illumera.sync.SyncRun.Trigger;
import dev.align.illumera.sync.SyncStore.Link;
import dev.align.illumera.sync.SyncStore.LinkState;
import dev.align.illumera.sync.SyncStore.RecordType;
import dev.align.illumera.sync.core.EntryFields.EntryValues;
import dev.align.illumera.sync.core.FieldDecision.Outcome;
import dev.align.illumera.sync.core.FieldDecision;
import dev.align.illumera.sync.core.IncrementalPlanner;
import dev.align.illumera.sync.core.InitialMatcher.AlignRecord;
import dev.align.illumera.sync.core.InitialMatcher.IllumeraRecord;
import dev.align.illumera.sync.core.InitialMatcher.Plan;
import dev.align.illumera.sync.core.InitialMatcher;
import dev.align.illumera.sync.core.LoopGuard;
import dev.align.notification.Notifications;
import dev.align.organisation.OrganisationService;
import dev.align.outbox.ChangeOrigin;
import dev.align.outbox.Outbox;
import dev.align.security.SyncAgent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Carries out one run for one organisation (SYNC-DESIGN): the decisions are the pure core's, this
 * class reads both sides, writes the answers, and records what it did. The caller holds the
 * organisation's lock ({@link SyncRunner}); everything here acts as the organisation's
 * {@link SyncAgent}, so the Align services scope and check it like any caller.
 */
@Component
class SyncEngine {

    static final String ENTRY_REF = "align:entry:";
    /** Runs failing in a row, over at least this long, before Owners and Admins are told. */
    static final int FAILING_RUNS = 3;
    static final Duration FAILING_FOR = Duration.ofMinutes(15);
    static final String PROJECT_REF = "align:project:";
    static final String RELEASE_REF = "align:release:";
    /** The counts' pseudo record type of a drift check's repairs ({@code DRIFT → REPAIRED}). */
    static final String DRIFT = "DRIFT";
    private static final int OUTBOX_PAGE = 1000;
    /** Matched pairs linked per statement batch. */
    private static final int LINK_BATCH = 500;
    private static final Logger log = LoggerFactory.getLogger(SyncEngine.class);

    /** A test stops a run here to prove that a crash at any step loses or duplicates nothing. */
    interface CrashPoint {
        void reached(String step, int count);
    }

    /** Disconnected meanwhile, or this node lost the organisation's lock: the run stops at its next step. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            this("Illumera was disconnected: the run stopped at its next step.");
        }

        Stopped(String why) {
            super(why);
        }
    }

    private final SyncStore store;
    private final RunLog runLog;
    private final SyncConflicts conflicts;
    private final SyncStates states;
    private final SyncDuplicates duplicates;
    private final IllumeraClients clients;
    private final SecretBox secrets;
    private final EntryService entries;
    private final ContainerPairing pairing;
    private final EntryCreates creates;
    private final EntryMoves moves;
    private final PairWrites writes;
    private final EntryDeletes deleting;
    private final OrganisationService organisations;
    private final Outbox outbox;
    private final KeyExpiryCheck keys;
    private final Notifications notifications;
    private final ReferenceData reference;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final String node;
    private final int massChangeFloor;
    private final double massChangeShare;
    private final Duration outboxLookBack;
    private volatile CrashPoint crashPoint = (step, count) -> { };

    SyncEngine(SyncStore store, RunLog runLog, SyncConflicts conflicts, SyncStates states, SyncDuplicates duplicates, IllumeraClients clients, SecretBox secrets, EntryService entries,
               ContainerPairing pairing, EntryCreates creates, EntryMoves moves, PairWrites writes,
               EntryDeletes deleting, ReferenceData reference, OrganisationService organisations,
               Outbox outbox,
               KeyExpiryCheck keys, Notifications notifications, TransactionTemplate transactions, JsonMapper json, MeterRegistry meters, Clock clock,
               @Value("${align.node-name:}") String node, SyncSettings settings) {
        this.store = store;
        this.runLog = runLog;
        this.conflicts = conflicts;
        this.states = states;
        this.duplicates = duplicates;
        this.clients = clients;
        this.secrets = secrets;
        this.entries = entries;
        this.pairing = pairing;
        this.creates = creates;
        this.moves = moves;
        this.writes = writes;
        this.deleting = deleting;
        this.reference = reference;
        this.organisations = organisations;
        this.outbox = outbox;
        this.keys = keys;
        this.notifications = notifications;
        this.transactions = transactions;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
        this.node = dev.align.base.NodeName.of(node);
        this.massChangeFloor = settings.massChangeFloor();
        this.massChangeShare = settings.massChangeShare();
        this.outboxLookBack = settings.outboxLookBack();
    }

    void crashAt(CrashPoint point) {
        this.crashPoint = point == null ? (step, count) -> { } : point;
    }

    String node() {
        return node;
    }

    /** Runs once if the organisation is connected and configured; empty when there was nothing to run. */
    Optional<SyncRun> run(long organisationId, Trigger trigger) {
        return run(organisationId, trigger, null);
    }

    /**
     * As {@link #run(long, Trigger)}, under the ShedLock lock of this name held by this node: every step checks
     * the lock is still this node's, so a node paused past the lock's end (another node took over) stops
     * before writing anything more.
     */
    Optional<SyncRun> run(long organisationId, Trigger trigger, String heldLock) {
        return SyncAgent.actFor(organisationId, () -> {
            var connection = store.connection(organisationId).filter(SyncStore.Connection::active);
            if (connection.isEmpty() || connection.get().settingsJson() == null || !states.included(organisationId)) {
                return Optional.empty(); // a plan without the add-on: no run, links and positions kept for later
            }
            transactions.executeWithoutResult(tx -> states.resetIfAnotherWorkspace(organisationId));
            var state = states.state(organisationId);
            if (state.pausedReason() != null) {
                return Optional.empty();
            }
            Trigger actual = !state.initialDone() ? Trigger.INITIAL : state.driftDue() ? Trigger.DRIFT : trigger;
            if (heldLock != null) {
                runLog.endAbandoned(organisationId); // under the lock no other run of it is alive
            }
            long runId = runLog.startRun(organisationId, actual.name(), node);
            Timer.Sample sample = Timer.start(meters);
            SyncContext run = new SyncContext(organisationId, runId, connection.get(), false, store, runLog, states, meters);
            run.reference(reference, actual == Trigger.PUSH || actual == Trigger.WEBHOOK);
            run.fence(heldLock, node);
            SyncRun.Outcome outcome;
            String message = null;
            try {
                open(run);
                creates.resumePending(run);
                pairing.linkProjects(run);
                pairing.linkReleases(run);
                moves.resume(run, crashPoint);
                int drift = 0;
                if (state.initialDone()) {
                    message = backfill(run, state);
                    drift = repaired(run);
                    if (message == null) {
                        message = incremental(run, state);
                    }
                } else {
                    initial(run, state);
                }
                outcome = message != null ? SyncRun.Outcome.PAUSED
                        : run.errors > 0 ? SyncRun.Outcome.PARTIAL : SyncRun.Outcome.SUCCEEDED;
                if (run.errors > 0 && message == null) {
                    message = run.errors + " records could not be synced: see the run's records.";
                }
                if (actual == Trigger.DRIFT) { // the card's drift line reads this count
                    run.counts.computeIfAbsent(DRIFT, k -> new LinkedHashMap<>()).put("REPAIRED", drift);
                }
                if (actual == Trigger.DRIFT && message == null) {
                    message = "Drift check: every linked record compared on both sides; " + (drift == 0
                            ? "nothing had drifted." : drift + (drift == 1 ? " record was" : " records were")
                            + " repaired (see the records below).");
                }
            } catch (Stopped e) {
                outcome = SyncRun.Outcome.STOPPED;
                message = e.getMessage();
            } catch (IllumeraException.KeyExpired | IllumeraException.InvalidKey e) {
                keys.keyRejected(organisationId, e instanceof IllumeraException.KeyExpired);
                outcome = SyncRun.Outcome.PAUSED;
                message = "Illumera refused the key (" + (e instanceof IllumeraException.KeyExpired ? "expired"
                        : "unknown or revoked") + "): sync is paused until a new key is saved.";
            } catch (RuntimeException e) {
                log.warn("Illumera sync of organisation {} stopped: {}", organisationId, e.toString());
                outcome = SyncRun.Outcome.FAILED;
                message = "Stopped: " + SyncRecords.describe(e) + " The next run continues from here.";
            }
            run.flushItems();
            runLog.finishRun(organisationId, runId, outcome.name(), message, run.counts,
                    run.carriedChanges() ? run.oldestChange : null);
            // Told when conflicts start waiting (none waited before this run), not again while they keep waiting.
            if (run.newConflicts > 0 && conflicts.waiting(organisationId) == run.newConflicts) {
                notifications.notifyOnce(organisationId, "illumera.conflicts:" + runId, "Conflicts wait for your choice",
                        run.newConflicts + (run.newConflicts == 1 ? " field was" : " fields were") + " changed on both"
                        + " Align and Illumera: the conflict inspector (Settings → Conflicts) waits for your choice.");
            }
            sample.stop(meters.timer("illumera.sync.duration", "trigger", actual.name()));
            meters.counter("illumera.sync.runs", "trigger", actual.name(), "outcome", outcome.name()).increment();
            if (outcome == SyncRun.Outcome.FAILED) {
                meters.counter("illumera.sync.failures").increment();
                keepsFailing(organisationId, message);
            }
            return Optional.of(new SyncRun(runId, actual, node, null, null, outcome, message, run.counts));
        });
    }

    /** The initial sync's plan, computed now without writing anything on either side. */
    DryRun dryRun(long organisationId, AddOnSettings settings) {
        return SyncAgent.actFor(organisationId, () -> {
            var connection = store.connection(organisationId).filter(SyncStore.Connection::active)
                    .orElseThrow(() -> new IllegalStateException("Connect Illumera first."));
            SyncContext run = new SyncContext(organisationId, 0, connection, true, store, runLog, states, meters);
            open(run, settings);
            ContainerPairing.ProjectPlan projectPlan = pairing.linkProjects(run);
            pairing.linkReleases(run);
            EntryPlan plan = planEntries(run, null, false);
            List<String> conflicts = new ArrayList<>();
            List<String> differences = new ArrayList<>();
            int copied = 0;
            // The same pairs decided once more as if "ask" had been chosen: what differs, whatever the choice.
            FieldDecision.Rules asking = new FieldDecision.Rules(run.rules.flows(), run.rules.policies(),
                    run.rules.fallback(), FieldDecision.FirstLink.ASK);
            for (EntryPair pair : plan.pairs) {
                Outcome decided = writes.decide(run, pair, Map.of(), run.rules);
                decided.conflicts().forEach(c -> conflicts.add(pair.entry().getTitle() + ": " + PairWrites.label(c.field())));
                Outcome asked = writes.decide(run, pair, Map.of(), asking);
                copied += asked.toIllumera().size() + asked.toAlign().size();
                asked.conflicts().forEach(c -> differences.add(SyncRecords.abbreviate(pair.entry().getTitle()) + " · "
                        + PairWrites.label(c.field()) + ": «" + SyncRecords.abbreviate(String.valueOf(c.alignValue())) + "» in Align, «"
                        + SyncRecords.abbreviate(String.valueOf(c.illumeraValue())) + "» in Illumera"));
            }
            return new DryRun(plan.pairs.size(), plan.toIllumera.size(), plan.toAlign.size(), conflicts.size(),
                    plan.duplicates.size(), projectPlan.linked(), projectPlan.workspacesToCreate(),
                    projectPlan.projectsToCreate(),
                    plan.toIllumera.stream().limit(5).map(Entry::getTitle).toList(),
                    plan.toAlign.stream().limit(5).map(Task::name).toList(),
                    conflicts.stream().limit(5).toList(), differences.size(), copied,
                    differences.stream().limit(5).toList());
        });
    }

    /** The run's settings, client (with the organisation's key) and people. */
    private void open(SyncContext run) {
        open(run, json.readValue(run.connection.settingsJson(), AddOnSettings.class));
    }

    private void open(SyncContext run, AddOnSettings settings) {
        run.open(settings,
                clients.forOrganisation(run.organisationId, secrets.open(run.organisationId,
                        SecretBox.Purpose.ILLUMERA_API_KEY, run.connection.secretId())),
                organisations.people());
    }

    /**
     * Owners and Admins hear of failing runs only when they keep failing ({@link #FAILING_RUNS} in a row
     * over at least {@link #FAILING_FOR}), once per streak: one failure is usually transient and the next
     * run continues.
     */
    private void keepsFailing(long organisationId, String message) {
        RunLog.FailingStreak streak = runLog.failingStreak(organisationId);
        if (streak.runs() >= FAILING_RUNS && streak.since() != null
                && !streak.since().isAfter(clock.instant().minus(FAILING_FOR))) {
            notifications.notifyOnce(organisationId, "illumera.failing:" + streak.firstRunId(),
                    "Illumera sync keeps failing", "Illumera sync has"
                    + " failed " + streak.runs() + " times in a row since " + streak.since().toString().substring(0, 16)
                    .replace('T', ' ') + " UTC. The last run said: " + message + " See Settings → Sync history.");
        }
    }

    // ------------------------------------------------------------------ initial sync

    private record EntryPlan(List<EntryPair> pairs, List<Entry> toIllumera, List<Task> toAlign, List<Task> duplicates,
                             List<Entry> heldEntries, List<Task> heldTasks, FeedMark mark) {
    }

    /**
     * Reads both sides once and matches them per workspace. Tasks come oldest first, so that of several
     * tasks naming one entry the oldest is linked and the later ones are the import copies.
     */
    private EntryPlan planEntries(SyncContext run, Set<String> only, boolean everyPair) {
        if (!run.dryRun) {
            store.releaseHeld(run.organisationId, only); // held again below if their names are still shared
        }
        Map<Long, String> linked = new HashMap<>();
        Map<Long, Link> undecided = new HashMap<>();
        for (Link link : store.links(run.organisationId, RecordType.ENTRY, LinkState.LINKED)) {
            linked.put(link.alignId(), link.illumeraId());
            if (link.base() == null || everyPair) {
                // Linked by a run that stopped before deciding the pair; or every pair, after the settings
                // widened (a row's values passed over while it was off or one-way are decided now).
                undecided.put(link.alignId(), link);
            }
        }
        // Records whose link says they are settled otherwise: a create under way (pending), a counterpart
        // deleted while deletes are not propagated (gone), held in a workspace not decided again here.
        // Matching or creating them again would undo a deletion, or break the one-link-per-record rule.
        Set<Long> settledEntries = new HashSet<>();
        Set<String> settledTasks = new HashSet<>();
        for (LinkState state : List.of(LinkState.PENDING, LinkState.GONE, LinkState.HELD)) {
            for (Link link : store.links(run.organisationId, RecordType.ENTRY, state)) {
                if (state == LinkState.HELD && (only == null || only.contains(link.workspaceId()))) {
                    continue; // released above (a dry run: as if), held again below if still shared
                }
                if (link.alignId() != null) {
                    settledEntries.add(link.alignId());
                }
                if (link.illumeraId() != null) {
                    settledTasks.add(link.illumeraId());
                }
            }
        }
        Map<String, List<Task>> tasksByWorkspace = new LinkedHashMap<>();
        FeedMark mark = null;
        // The whole feed (its end is the incremental sync's first mark), or the given workspaces only.
        Iterable<Task> source = only == null ? run.client.tasks(null, null)::iterator
                : only.stream().flatMap(workspace -> run.client.tasks(workspace, null))::iterator;
        for (Task task : source) {
            if (only == null) {
                mark = mark == null ? FeedMark.of(task) : mark.after(task);
            }
            if (!task.deleted() && run.syncs(task.workspaceId()) && !settledTasks.contains(task.id())) {
                tasksByWorkspace.computeIfAbsent(task.workspaceId(), k -> new ArrayList<>()).add(task);
            }
        }
        Map<String, List<Entry>> entriesByWorkspace = new LinkedHashMap<>();
        List<Entry> withoutWorkspace = new ArrayList<>();
        long after = 0;
        for (List<Entry> page = entries.pageForSync(after, 1000); !page.isEmpty(); page = entries.pageForSync(after, 1000)) {
            for (Entry entry : page) {
                if (settledEntries.contains(entry.getId())) {
                    continue;
                }
                String workspace = run.workspaceFor(entry.getProjectId());
                if (workspace == null && only == null) {
                    withoutWorkspace.add(entry);
                } else if (workspace != null && (only == null || only.contains(workspace))) {
                    entriesByWorkspace.computeIfAbsent(workspace, k -> new ArrayList<>()).add(entry);
                }
            }
            after = page.getLast().getId();
        }
        List<EntryPair> pairs = new ArrayList<>();
        List<Entry> toIllumera = new ArrayList<>(run.toIllumera() ? withoutWorkspace : List.of());
        List<Task> toAlign = new ArrayList<>();
        List<Task> duplicates = new ArrayList<>();
        List<Entry> heldEntries = new ArrayList<>();
        List<Task> heldTasks = new ArrayList<>();
        Set<String> workspaces = new HashSet<>(tasksByWorkspace.keySet());
        workspaces.addAll(entriesByWorkspace.keySet());
        for (String workspace : workspaces) {
            List<Entry> side = entriesByWorkspace.getOrDefault(workspace, List.of());
            List<Task> tasks = tasksByWorkspace.getOrDefault(workspace, List.of());
            Map<Long, Entry> entryById = side.stream().collect(Collectors.toMap(Entry::getId, Function.identity()));
            Map<String, Task> taskById = tasks.stream().collect(Collectors.toMap(Task::id, Function.identity()));
            Map<Long, String> linkedHere = new HashMap<>();
            side.stream().filter(e -> linked.containsKey(e.getId())).forEach(e -> linkedHere.put(e.getId(), linked.get(e.getId())));
            // A task linked to an entry of another workspace's project is not matched a second time.
            Set<String> linkedElsewhere = new HashSet<>(linked.values());
            linkedElsewhere.removeAll(linkedHere.values());
            Plan plan = InitialMatcher.plan(
                    side.stream().map(e -> new AlignRecord(e.getId(), e.getTitle())).toList(),
                    tasks.stream().filter(t -> !linkedElsewhere.contains(t.id())).sorted(Comparator.comparing(Task::createdAt, Comparator.nullsLast(Comparator.naturalOrder())))
                            .map(t -> new IllumeraRecord(t.id(), t.name(), t.externalRef())).toList(),
                    linkedHere, ENTRY_REF, run.toIllumera(), run.toAlign());
            plan.links().forEach((entryId, taskId) -> {
                if (!linkedHere.containsKey(entryId)) {
                    pairs.add(new EntryPair(null, entryById.get(entryId), taskById.get(taskId)));
                } else if (undecided.containsKey(entryId)) {
                    pairs.add(new EntryPair(undecided.get(entryId), entryById.get(entryId), taskById.get(taskId)));
                }
            });
            plan.createInIllumera().forEach(a -> toIllumera.add(entryById.get(a.id())));
            plan.createInAlign().forEach(i -> toAlign.add(taskById.get(i.id())));
            plan.duplicates().forEach(i -> duplicates.add(taskById.get(i.id())));
            plan.heldInAlign().forEach(a -> heldEntries.add(entryById.get(a.id())));
            plan.heldInIllumera().forEach(i -> heldTasks.add(taskById.get(i.id())));
        }
        return new EntryPlan(pairs, toIllumera, toAlign, duplicates, heldEntries, heldTasks, mark);
    }

    private void initial(SyncContext run, SyncStates.State state) {
        long position = outbox.latestPosition(states.databaseNow().minus(outboxLookBack));
        EntryPlan plan = planEntries(run, null, false);
        // Edits made after an earlier, interrupted attempt started lie before this attempt's marks: the
        // first attempt's marks are kept, so the first incremental run still sees them.
        long startPosition = state.initialStarted() ? state.outboxPosition() : position;
        FeedMark startMark = state.initialStarted() ? state.taskMark() : plan.mark;
        if (!state.initialStarted()) {
            states.saveMarks(run.organisationId, startPosition, startMark, false);
        }
        carryOut(run, plan);
        store.backfilled(run.organisationId);
        states.saveMarks(run.organisationId, startPosition, startMark, true);
    }

    /**
     * A workspace paired after the initial sync (a new project or workspace, the Project row switched
     * on): its existing tasks and its project's entries are matched and created now, as an initial
     * sync would, since the feed's mark may have passed them while they belonged to no project. After
     * the settings widened, every paired workspace is backfilled and its linked pairs decided again.
     */
    private String backfill(SyncContext run, SyncStates.State state) {
        Set<String> paired = new HashSet<>(store.workspacesToBackfill(run.organisationId));
        // Widened settings, or the drift check: every pair decided again (from both sides read whole, so a
        // lost webhook, an edit made while disconnected or a bug shows as a change), every record matched.
        boolean everything = state.backfillAll() || state.driftDue();
        if (everything) {
            paired.addAll(run.syncedWorkspaces());
        }
        if (paired.isEmpty()) {
            return null;
        }
        EntryPlan plan = planEntries(run, paired, everything);
        // The loop guard here too: switching the Project row on can pair every workspace the key sees.
        Optional<String> paused = loopGuard(run, state, plan.toIllumera.size() + plan.toAlign.size(), 0);
        if (paused.isPresent()) {
            return paused.get();
        }
        carryOut(run, plan);
        store.backfilled(run.organisationId); // only now: a backfill that stops is done again next run
        return null;
    }

    /**
     * The loop guard (SYNC-DESIGN): a run far larger than the organisation's usual pauses with the
     * reason, unless a person allowed it once after checking (the allowance is used up here).
     */
    private Optional<String> loopGuard(SyncContext run, SyncStates.State state, int creates, int deletes) {
        if (Math.max(creates, deletes) <= massChangeFloor) {
            return Optional.empty(); // small enough: no need to count the organisation's links
        }
        Optional<String> tooMuch = LoopGuard.massChange(creates, deletes,
                store.countLinks(run.organisationId, RecordType.ENTRY), massChangeFloor, massChangeShare);
        if (tooMuch.isPresent() && !state.massChangeAllowed()) {
            states.pause(run.organisationId, tooMuch.get());
            notifications.notifyOnce(run.organisationId, "illumera.paused:" + run.runId, "Illumera sync paused",
                    "Illumera sync paused: "
                    + tooMuch.get() + " Check it in Settings → Add-ons, then choose Resume.");
            return tooMuch;
        }
        if (tooMuch.isPresent()) {
            states.massChangeUsed(run.organisationId);
        }
        return Optional.empty();
    }

    private void carryOut(SyncContext run, EntryPlan plan) {
        run.total = plan.pairs.size() + plan.toIllumera.size() + plan.toAlign.size();
        run.progress(0);
        duplicates(run, plan.duplicates);
        hold(run, plan);
        List<EntryPair> pairs = new ArrayList<>(plan.pairs.stream().filter(p -> p.link() != null).toList());
        List<EntryPair> matched = plan.pairs.stream().filter(p -> p.link() == null).toList();
        for (int from = 0; from < matched.size(); from += LINK_BATCH) {
            List<EntryPair> batch = matched.subList(from, Math.min(matched.size(), from + LINK_BATCH));
            List<Link> links = transactions.execute(tx -> store.insertLinked(run.organisationId, RecordType.ENTRY,
                    batch.stream().map(p -> new SyncStore.Matched(p.entry().getId(), p.task().id(),
                            p.task().workspaceId())).toList()));
            for (int i = 0; i < batch.size(); i++) {
                EntryPair pair = batch.get(i);
                pairs.add(new EntryPair(links.get(i), pair.entry(), pair.task()));
                run.record(new Item(RecordType.ENTRY, pair.entry().getId(), pair.task().id(), "NONE", "LINKED", null,
                        null));
            }
        }
        crashPoint.reached("pairs-linked", pairs.size());
        writes.syncPairs(run, pairs, crashPoint);
        creates.createTasks(run, crashPoint, plan.toIllumera);
        creates.createEntries(run, plan.toAlign);
    }

    /** Records sharing a name with others are left to a person: held, so that no later run creates a copy. */
    private void hold(SyncContext run, EntryPlan plan) {
        for (Entry entry : plan.heldEntries) {
            store.hold(run.organisationId, RecordType.ENTRY, entry.getId(), null, run.workspaceFor(entry.getProjectId()),
                    null);
            run.record(new Item(RecordType.ENTRY, entry.getId(), null, "NONE", "HELD", null,
                    "Several entries or tasks share this name: not linked or created; a person decides."));
        }
        for (Task task : plan.heldTasks) {
            store.hold(run.organisationId, RecordType.ENTRY, null, task.id(), task.workspaceId(),
                    SyncRecords.abbreviate(task.name()));
            run.record(new Item(RecordType.ENTRY, null, task.id(), "NONE", "HELD", null,
                    "Several entries or tasks share the name \"" + SyncRecords.abbreviate(task.name())
                            + "\": not linked or created; a person decides."));
        }
    }

    // ------------------------------------------------------------------ incremental sync

    /** Only what changed since the marks: Align's outbox after its position, Illumera's feed after its mark. */
    private String incremental(SyncContext run, SyncStates.State state) {
        // In the database's time, as occurred_at is written: app and database clocks may differ.
        Instant cutoff = states.databaseNow().minus(outboxLookBack);
        long position = state.outboxPosition();
        long safePosition = position;
        Set<Long> changedEntries = new HashSet<>();
        Set<Long> deletedEntries = new HashSet<>();
        Instant oldest = null;
        for (List<Outbox.Recorded> page = outbox.after(position, OUTBOX_PAGE); !page.isEmpty();
             page = outbox.after(position, OUTBOX_PAGE)) {
            for (Outbox.Recorded change : page) {
                position = change.position();
                if (change.occurredAt().isBefore(cutoff)) {
                    safePosition = change.position();
                }
                if (change.origin() == ChangeOrigin.SYNC) {
                    continue; // written by the sync itself: never pushed back
                }
                switch (change.type()) {
                    case ENTRY_CREATED, ENTRY_CHANGED -> changedEntries.add(change.recordId());
                    case ENTRY_DELETED -> deletedEntries.add(change.recordId());
                    default -> {
                        continue;
                    }
                }
                oldest = oldest == null ? change.occurredAt() : oldest;
            }
            if (page.size() < OUTBOX_PAGE) {
                break;
            }
        }
        if (oldest != null) {
            meters.timer("illumera.sync.lag").record(Duration.between(oldest, clock.instant()));
            run.changeMadeAt(oldest);
        }
        changedEntries.removeAll(deletedEntries);

        FeedMark mark = state.taskMark();
        Map<String, Task> changedTasks = new LinkedHashMap<>();
        for (Task task : (Iterable<Task>) run.client.tasksAfter(null, mark)::iterator) {
            mark = mark == null ? FeedMark.of(task) : mark.after(task);
            changedTasks.put(task.id(), task); // the feed may repeat a task: the latest wins
        }

        Set<Long> entryIds = new HashSet<>(changedEntries);
        entryIds.addAll(deletedEntries);
        Map<Long, Link> byId = new HashMap<>();
        store.linksByAlign(run.organisationId, RecordType.ENTRY, entryIds).forEach(l -> byId.put(l.id(), l));
        Set<String> linkedTasks = new HashSet<>();
        store.linksByIllumera(run.organisationId, RecordType.ENTRY, changedTasks.keySet()).forEach(l -> {
            byId.put(l.id(), l);
            linkedTasks.add(l.illumeraId());
        });
        Set<Long> resolutionLinks = new HashSet<>(conflicts.linksWithResolutions(run.organisationId));
        resolutionLinks.stream().filter(id -> !byId.containsKey(id)).forEach(id -> store.link(id).ifPresent(l -> byId.put(id, l)));
        store.retries(run.organisationId).forEach(l -> byId.putIfAbsent(l.id(), l)); // pairs an earlier run could not finish
        // Tasks naming an entry of ours: the entry's link tells ours from an import copy.
        Set<Long> named = IncrementalPlanner.namedEntries(changedTasks.values().stream().map(SyncEngine::view).toList(),
                linkedTasks);
        List<Link> byReference = new ArrayList<>(store.linksByAlign(run.organisationId, RecordType.ENTRY, named));
        Map<String, IncrementalPlanner.TaskView> feed = new LinkedHashMap<>();
        changedTasks.values().forEach(t -> feed.put(t.id(), view(t)));
        // Echoes (the sync's own writes coming back) only tell ours from copies: their entries are not loaded.
        byId.values().removeIf(link -> {
            boolean echo = IncrementalPlanner.onlyAnEcho(view(link, resolutionLinks), feed.get(link.illumeraId()),
                    entryIds);
            if (echo) {
                byReference.add(link);
            }
            return echo;
        });

        Set<Long> toLoad = new HashSet<>(changedEntries);
        toLoad.addAll(named);
        byId.values().stream().filter(l -> l.alignId() != null).forEach(l -> toLoad.add(l.alignId()));
        Map<Long, Entry> current = entries.forSync(toLoad).stream().collect(Collectors.toMap(Entry::getId, Function.identity()));
        IncrementalPlanner.Plan plan = IncrementalPlanner.plan(new IncrementalPlanner.Inputs(changedEntries,
                current.keySet(), feed, byId.values().stream().map(l -> view(l, resolutionLinks)).toList(),
                byReference.stream().map(l -> view(l, resolutionLinks)).toList(), run::syncs, run.toIllumera(),
                run.toAlign(), taskId -> duplicates.isDuplicate(run.organisationId, taskId)));

        for (IncrementalPlanner.Relink relink : plan.relinks()) {
            relink(run, relink, byId, current);
        }
        List<EntryPair> pairs = new ArrayList<>();
        for (IncrementalPlanner.Adopt adopt : plan.adopted()) {
            Task task = changedTasks.get(adopt.taskId());
            long linkId = transactions.execute(tx -> store.insertLinked(run.organisationId, RecordType.ENTRY,
                    adopt.entryId(), task.id(), task.workspaceId(), null, null, null));
            pairs.add(new EntryPair(store.link(linkId).orElseThrow(), current.get(adopt.entryId()), task));
            run.record(new Item(RecordType.ENTRY, adopt.entryId(), task.id(), "NONE", "LINKED", null, null));
        }
        plan.pairs().forEach(p -> pairs.add(new EntryPair(byId.get(p.linkId()), current.get(p.entryId()),
                p.taskId() == null ? null : changedTasks.get(p.taskId()))));
        plan.pairs().stream().filter(p -> p.taskId() != null)
                .forEach(p -> run.changeMadeAt(changedTasks.get(p.taskId()).updatedAt()));
        plan.createEntriesFor().forEach(taskId -> run.changeMadeAt(changedTasks.get(taskId).updatedAt()));
        List<EntryPair> deletes = plan.deletes().stream().map(d -> new EntryPair(byId.get(d.linkId()),
                d.entryId() == null ? null : current.get(d.entryId()), changedTasks.get(d.taskId()))).toList();
        plan.problems().forEach(p -> run.record(new Item(RecordType.ENTRY, p.entryId(), p.taskId(), "NONE", "ERROR",
                null, p.message())));
        List<Entry> creates = new ArrayList<>(plan.createTasksFor().stream().map(current::get).toList());
        List<Task> newTasks = new ArrayList<>(plan.createEntriesFor().stream().map(changedTasks::get).toList());
        List<Task> duplicateTasks = plan.duplicates().stream().map(changedTasks::get).toList();

        separately(run, creates, newTasks);
        Optional<String> paused = loopGuard(run, state, creates.size() + newTasks.size(),
                run.settings.propagateDeletes() ? deletes.size() : 0);
        if (paused.isPresent()) {
            return paused.get();
        }

        run.total = pairs.size() + creates.size() + newTasks.size() + deletes.size();
        run.progress(0);
        duplicates(run, duplicateTasks);
        writes.syncPairs(run, pairs, crashPoint);
        move(run, pairs);
        this.creates.createTasks(run, crashPoint, creates);
        this.creates.createEntries(run, newTasks);
        deleting.deletes(run, deletes);
        states.saveMarks(run.organisationId, safePosition, mark, true);
        return null;
    }

    /**
     * Illumera recreated a linked task in another synced workspace (the planner's {@code Relink}): the
     * link follows the new task (its base kept, its version unknown so that the pair is decided from the
     * new task's values), and the entry follows to the project of the new workspace when projects flow
     * to Align.
     */
    private void relink(SyncContext run, IncrementalPlanner.Relink relink, Map<Long, Link> byId,
                        Map<Long, Entry> current) {
        Entry entry = current.get(relink.entryId());
        String from = store.link(relink.linkId()).map(Link::workspaceId).orElse(null);
        Long project = run.projectFor(relink.toWorkspace());
        boolean follow = EntryMoves.follows(run) && run.toAlign()
                && run.mapping.row(dev.align.illumera.mapping.AlignField.PROJECT).direction().toAlign()
                && project != null && project != entry.getProjectId();
        Entry saved = transactions.execute(tx -> {
            store.relinked(relink.linkId(), relink.toTask(), relink.toWorkspace());
            if (!follow) {
                return entry;
            }
            EntryValues values = run.entryValues(entry);
            // A release belongs to its project: the new task's sprint decides the entry's release next.
            return entries.writeFromSync(entry.getId(), entry.getVersion(), run.draft(project, new EntryValues(
                    values.title(), values.status(), values.assigneeEmail(), values.dueDate(),
                    values.trackedMinutes(), null)));
        });
        Link moved = store.link(relink.linkId()).orElseThrow();
        byId.put(moved.id(), moved);
        current.put(entry.getId(), saved);
        run.record(new Item(RecordType.ENTRY, entry.getId(), relink.toTask(), "TO_ALIGN", "MOVED",
                Map.of("workspace", java.util.Arrays.asList(from, relink.toWorkspace())),
                "Recreated in another workspace in Illumera (task " + relink.fromTask() + " deleted): the link"
                        + " follows the new task" + (follow ? " and the entry its project." : ".")));
    }

    private static IncrementalPlanner.TaskView view(Task task) {
        return new IncrementalPlanner.TaskView(task.id(), task.workspaceId(), task.version(), task.deleted(),
                task.externalRef());
    }

    private static IncrementalPlanner.LinkView view(Link link, Set<Long> resolved) {
        return new IncrementalPlanner.LinkView(link.id(), link.alignId(), link.illumeraId(),
                link.state() == LinkState.LINKED, link.illumeraVersion(), link.needsRetry(), resolved.contains(link.id()));
    }

    /** Entries written, created or moved on either side so far in this run (a drift check's repairs). */
    private static int repaired(SyncContext run) {
        Map<String, Integer> entries = run.counts.getOrDefault(RecordType.ENTRY.name(), Map.of());
        return entries.getOrDefault("UPDATED", 0) + entries.getOrDefault("CREATED", 0) + entries.getOrDefault("MOVED", 0);
    }

    /** Entries moved to a project paired with another workspace: decided where they were, then moved. */
    private void move(SyncContext run, List<EntryPair> pairs) {
        if (!EntryMoves.follows(run)) {
            return;
        }
        for (EntryPair pair : pairs) {
            if (EntryMoves.target(run, pair.link(), pair.entry()) == null) {
                continue;
            }
            run.checkConnected();
            Optional<Link> link = store.link(pair.link().id()).filter(l -> l.state() == LinkState.LINKED);
            Optional<Entry> entry = entries.forSync(List.of(pair.link().alignId())).stream().findFirst();
            String target = link.isEmpty() || entry.isEmpty() ? null : EntryMoves.target(run, link.get(), entry.get());
            if (target == null) {
                continue; // gone or moved back meanwhile
            }
            try {
                moves.move(run, link.get(), entry.get(), target, crashPoint);
            } catch (IllumeraException e) {
                SyncRecords.failedRecord(run, e, pair.link().alignId(), pair.link().illumeraId(), "TO_ILLUMERA");
            }
        }
    }

    /** Held records a person chose to create on the other side anyway ("create separately"). */
    private void separately(SyncContext run, List<Entry> creates, List<Task> newTasks) {
        Set<Long> creating = creates.stream().map(Entry::getId).collect(Collectors.toSet());
        for (Link chosen : store.links(run.organisationId, RecordType.ENTRY, LinkState.SEPARATE)) {
            if (chosen.alignId() != null && run.toIllumera() && !creating.contains(chosen.alignId())) {
                creates.addAll(entries.forSync(List.of(chosen.alignId())));
            } else if (chosen.illumeraId() != null && run.toAlign()) {
                try {
                    Task task = run.client.task(chosen.illumeraId());
                    if (!task.deleted() && newTasks.stream().noneMatch(t -> t.id().equals(task.id()))) {
                        newTasks.add(task);
                    }
                } catch (IllumeraException.NotFound gone) {
                    transactions.executeWithoutResult(tx -> store.markGone(chosen.id()));
                }
            }
        }
    }

    // ------------------------------------------------------------------ decisions and writes

    private void duplicates(SyncContext run, List<Task> tasks) {
        for (Task task : tasks) {
            long entryId = LoopGuard.referencedEntry(task.externalRef()).orElseThrow();
            String linkedTask = store.linksByAlign(run.organisationId, RecordType.ENTRY, List.of(entryId)).stream()
                    .map(Link::illumeraId).filter(Objects::nonNull).findFirst().orElse(null);
            if (duplicates.recordDuplicate(run.organisationId, task.id(), task.name(), entryId, linkedTask)) {
                run.record(new Item(RecordType.ENTRY, entryId, task.id(), "NONE", "DUPLICATE", null,
                        "Task " + task.id() + " is a copy of entry " + entryId + " (an import rule?): shown, never synced back."));
            }
        }
    }
}
