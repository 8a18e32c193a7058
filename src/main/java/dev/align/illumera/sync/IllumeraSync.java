package dev.align.illumera.sync;

import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.SettingsSaved;
import dev.align.illumera.sync.SyncRun.Trigger;
import dev.align.organisation.OrganisationService;
import dev.align.release.ReleaseService;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import dev.align.security.SupportGrants;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The sync as Owners and Admins drive it (PRODUCT §3, §5, §6): start a run now, preview the initial
 * sync, watch its progress, resolve conflicts, retry failed records, end a pause (what the sync did is
 * read through {@code SyncHistory}). Runs happen in the
 * background under the organisation's lock; this service only asks for them.
 */
@Service
public class IllumeraSync {

    public enum Choice { ALIGN, ILLUMERA }

    /** A field changed on both sides, waiting for a person. */
    private record Conflict(long id, Long entryId, String taskId, String field, String baseValue, String alignValue,
                           String illumeraValue, Instant detectedAt) {
    }

    /** How long past a missed run the scheduler counts as not reaching the organisation (ticks, a busy node). */
    private static final Duration LATE_GRACE = Duration.ofMinutes(1);

    private final SyncRunner runner;
    private final SyncEngine engine;
    private final SyncStore store;
    private final SyncStates states;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TaskExecutor background;
    private final Clock clock;
    private final boolean startOnSave;
    private final Duration interval;
    private final IllumeraAddOnService addOn;
    private final EntryService entries;
    private final OrganisationService organisations;
    private final ReleaseService releases;
    private final SupportGrants grants;

    @SuppressWarnings("java:S107") // the collaborators of the sync's one public service
    IllumeraSync(SyncRunner runner, SyncEngine engine, SyncStore store, SyncStates states, AuditTrail audit, JdbcClient jdbc,
                 JsonMapper json, @Qualifier("applicationTaskExecutor") TaskExecutor background, Clock clock,
                 SyncSettings settings, IllumeraAddOnService addOn,
                 EntryService entries, OrganisationService organisations, ReleaseService releases,
                 SupportGrants grants) {
        this.grants = grants;
        this.entries = entries;
        this.organisations = organisations;
        this.releases = releases;
        this.interval = settings.interval();
        this.addOn = addOn;
        this.startOnSave = settings.startOnSave();
        this.runner = runner;
        this.engine = engine;
        this.store = store;
        this.states = states;
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
        this.background = background;
        this.clock = clock;
    }

    /**
     * The workspaces the sync covers now: each paired project's when the Project row is on, else the
     * home one (webhooks are registered in each). Empty when not connected or not configured.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public List<String> syncedWorkspaces() {
        long organisationId = CurrentUser.organisationId();
        var connection = store.connection(organisationId).filter(SyncStore.Connection::active)
                .filter(c -> c.settingsJson() != null);
        if (connection.isEmpty()) {
            return List.of();
        }
        AddOnSettings settings = json.readValue(connection.get().settingsJson(), AddOnSettings.class);
        if (!settings.mapping().row(dev.align.illumera.mapping.AlignField.PROJECT).enabled()) {
            return List.of(connection.get().workspaceId());
        }
        List<String> paired = store.links(organisationId, SyncStore.RecordType.PROJECT, SyncStore.LinkState.LINKED)
                .stream().map(SyncStore.Link::illumeraId).filter(java.util.Objects::nonNull).distinct().sorted().toList();
        return paired.isEmpty() ? List.of(connection.get().workspaceId()) : paired; // before the first pairing
    }

    /** Starts a run in the background ("Sync now"); if one is running, it goes round once more. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void syncNow() {
        long organisationId = CurrentUser.organisationId();
        requireConnected(organisationId);
        audit.record(new AuditEntry(organisationId, "illumera.sync-now", "Illumera", AuditEntry.Outcome.DONE,
                Map.of(), Map.of()));
        runAfterCommit(organisationId);
    }

    /** Saving the settings starts the (initial) sync at once. */
    @EventListener
    void settingsSaved(SettingsSaved saved) {
        if (saved.widened()) {
            states.requestBackfill(saved.organisationId()); // kept even when the run starts later
        }
        if (startOnSave) {
            background.execute(() -> runner.run(saved.organisationId(), Trigger.MANUAL));
        }
    }

    /**
     * What the initial sync would do now with these settings (the ones on screen, saved or not:
     * the preview comes before the first save); writes nothing on either side. Settings that could
     * not be saved are refused with the same reasons as saving.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(propagation = Propagation.NOT_SUPPORTED) // calls Illumera: no transaction held meanwhile
    public DryRun dryRun(AddOnSettings settings) {
        long organisationId = CurrentUser.organisationId();
        requireConnected(organisationId);
        addOn.check(settings);
        return engine.dryRun(organisationId, settings);
    }

    /** The sync's health for the card: progress, last and next run, pause, duplicates. */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public SyncStatus status() {
        long organisationId = grants.readableOrganisation();
        Instant now = clock.instant();
        SyncProgress progress = progress();
        record State(boolean initialDone, String pausedReason, Instant lastRunAt) {
        }
        State state = jdbc.sql("SELECT initial_done, paused_reason, last_run_at FROM illumera_sync_state"
                        + " WHERE organisation_id = ?")
                .param(organisationId)
                .query((rs, n) -> new State(rs.getBoolean(1), rs.getString(2), SqlRows.instant(rs.getTimestamp(3))))
                .optional().orElse(new State(false, null, null));
        SyncRun lastRun = lastFinished(organisationId, null);
        var connection = store.connection(organisationId).filter(SyncStore.Connection::active);
        boolean scheduled = connection.isPresent() && connection.get().settingsJson() != null
                && state.pausedReason() == null;
        Instant savedAt = jdbc.sql("SELECT updated_at FROM illumera_settings WHERE organisation_id = ?")
                .param(organisationId).query((rs, n) -> SqlRows.instant(rs.getTimestamp(1))).optional().orElse(null);
        Instant since = latest(state.lastRunAt(), savedAt);
        Instant next = !scheduled ? null
                : state.lastRunAt() == null ? now : latest(state.lastRunAt().plus(interval), now);
        boolean late = scheduled && !progress.running() && since != null
                && since.isBefore(now.minus(interval.multipliedBy(2)).minus(LATE_GRACE));
        int duplicates = jdbc.sql("SELECT COUNT(*) FROM illumera_duplicate WHERE organisation_id = ?")
                .param(organisationId).query(Integer.class).single();
        return new SyncStatus(progress, state.initialDone(), lastRun, next, state.pausedReason(), duplicates, late,
                interval, lastFinished(organisationId, Trigger.DRIFT), freshness(organisationId, now));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The card's freshness line: from the runs that carried changes (their lag: end minus oldest change). */
    private SyncStatus.Freshness freshness(long organisationId, Instant now) {
        Instant last = jdbc.sql("SELECT MAX(ended_at) FROM illumera_sync_run WHERE organisation_id = ?"
                        + " AND oldest_change_at IS NOT NULL")
                .param(organisationId).query((rs, n) -> SqlRows.instant(rs.getTimestamp(1))).optional().orElse(null);
        List<Duration> lags = jdbc.sql("SELECT ended_at, oldest_change_at FROM illumera_sync_run WHERE organisation_id = ?"
                        + " AND ended_at >= ? AND oldest_change_at IS NOT NULL")
                .params(organisationId, java.sql.Timestamp.from(now.minus(Duration.ofHours(1))))
                // Illumera's clock may run ahead of ours: a change is never mirrored before it was made.
                .query((rs, n) -> max(Duration.ZERO, Duration.between(rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(1).toInstant())))
                .list();
        return SyncStatus.Freshness.of(last, lags);
    }

    /** The organisation's last finished run, of any trigger or of this one. */
    private SyncRun lastFinished(long organisationId, Trigger trigger) {
        return jdbc.sql("SELECT " + SyncRun.COLUMNS + " FROM illumera_sync_run WHERE organisation_id = :org"
                        + " AND outcome <> 'RUNNING'" + (trigger == null ? "" : " AND run_trigger = :trigger")
                        + " ORDER BY started_at DESC, id DESC LIMIT 1")
                .param("org", organisationId).param("trigger", trigger == null ? null : trigger.name())
                .query((rs, n) -> SyncRun.read(rs, json)).optional().orElse(null);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public SyncProgress progress() {
        return SyncProgress.of(states.progress(grants.readableOrganisation()), clock.instant());
    }

    /**
     * A person chooses a side: the next run (started now) writes that value to the other side and
     * makes it the base. Audited with the values chosen between.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void resolve(long conflictId, Choice choice) {
        resolveAll(List.of(conflictId), choice);
    }

    /** {@link #resolve} for several conflicts at once: one audit record each, one run after. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void resolveAll(Collection<Long> conflictIds, Choice choice) {
        long organisationId = CurrentUser.organisationId();
        if (choice == null) {
            throw new InvalidInputException("choice", "Choose the Align value or the Illumera value.");
        }
        if (conflictIds == null || conflictIds.isEmpty()) {
            throw new InvalidInputException("conflicts", "Select the conflicts to resolve.");
        }
        for (long conflictId : conflictIds) {
            Conflict conflict = openConflict(organisationId, conflictId);
            markResolved(organisationId, conflictId, choice, null);
            String chosen = choice == Choice.ALIGN ? conflict.alignValue() : conflict.illumeraValue();
            auditResolution(organisationId, conflict, choice.name(), chosen);
        }
        runAfterCommit(organisationId);
    }

    /**
     * A person types the value both sides should have. It is saved to the entry as that person's change
     * (checked as the entry form checks it, in the outbox like any edit) and the conflict is resolved
     * for Align, so the next run writes the value to Illumera too.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void resolveWithValue(long conflictId, String value) {
        long organisationId = CurrentUser.organisationId();
        Conflict conflict = openConflict(organisationId, conflictId);
        if (conflict.entryId() == null) {
            throw new NotFoundException("Entry of conflict", conflictId);
        }
        Entry entry = entries.get(conflict.entryId());
        EntryDraft draft = TypedValue.apply(entry, conflict.field(), value, organisations.people(), releases.all());
        try {
            entries.update(entry.getId(), entry.getVersion(), draft);
        } catch (InvalidInputException e) { // the entry form's reasons, said of the one value typed here
            throw new InvalidInputException("value", String.join(" ", e.fieldErrors().values()));
        }
        markResolved(organisationId, conflictId, Choice.ALIGN, value == null ? "" : value.strip());
        auditResolution(organisationId, conflict, "VALUE", value);
        runAfterCommit(organisationId);
    }

    /**
     * "Retry failed records": the records that failed in this run and are linked are read afresh and
     * decided again by a run started now (failed creates are repeated by every run anyway). Audited.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public int retryFailed(long runId) {
        long organisationId = CurrentUser.organisationId();
        requireConnected(organisationId);
        if (jdbc.sql("SELECT COUNT(*) FROM illumera_sync_run WHERE id = ? AND organisation_id = ?")
                .params(runId, organisationId).query(Integer.class).single() == 0) {
            throw new NotFoundException("Sync run", runId);
        }
        int marked = jdbc.sql("""
                        UPDATE illumera_link SET needs_retry = TRUE
                        WHERE organisation_id = :org AND state = 'LINKED' AND record_type = 'ENTRY' AND align_id IN (
                            SELECT align_id FROM illumera_sync_item
                            WHERE organisation_id = :org AND run_id = :run AND action = 'ERROR' AND align_id IS NOT NULL)""")
                .param("org", organisationId).param("run", runId).update();
        audit.record(new AuditEntry(organisationId, "illumera.retry-failed", "run " + runId, AuditEntry.Outcome.DONE,
                Map.of(), Map.of("records", marked)));
        runAfterCommit(organisationId);
        return marked;
    }

    /**
     * Links a held entry and a held task (records held because several share a name): the next run
     * (started now) reads both and decides the pair, as for any pair linked without a base. Audited.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void linkHeld(long entryHoldId, long taskHoldId) {
        long organisationId = CurrentUser.organisationId();
        requireConnected(organisationId);
        var entry = held(organisationId, entryHoldId);
        var task = held(organisationId, taskHoldId);
        if (entry.alignId() == null || task.illumeraId() == null) {
            throw new InvalidInputException("held", "Choose one held Align entry and one held Illumera task.");
        }
        if (!java.util.Objects.equals(entry.workspaceId(), task.workspaceId())) {
            throw new InvalidInputException("held", "The entry and the task belong to different workspaces.");
        }
        // Both rows change or neither: a person who decided about one of them meanwhile wins.
        int removed = jdbc.sql("DELETE FROM illumera_link WHERE id = ? AND state = 'HELD'").param(task.id()).update();
        int linked = jdbc.sql("UPDATE illumera_link SET state = 'LINKED', illumera_id = ?, workspace_id = ?, base = NULL,"
                        + " held_name = NULL, needs_retry = TRUE, updated_at = ? WHERE id = ? AND state = 'HELD'")
                .params(task.illumeraId(), task.workspaceId(), Timestamp.from(clock.instant()), entry.id()).update();
        if (removed != 1 || linked != 1) {
            throw new NotFoundException("Held record", removed != 1 ? taskHoldId : entryHoldId);
        }
        audit.record(new AuditEntry(organisationId, "illumera.held-linked", "entry " + entry.alignId(),
                AuditEntry.Outcome.DONE, Map.of(), Map.of("task", task.illumeraId())));
        runAfterCommit(organisationId);
    }

    /** A held record is created on the other side after all (its name is shared, and a person says so). Audited. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void createSeparately(long holdId) {
        long organisationId = CurrentUser.organisationId();
        requireConnected(organisationId);
        var held = held(organisationId, holdId);
        var direction = store.connection(organisationId).map(SyncStore.Connection::settingsJson)
                .map(settings -> json.readValue(settings, AddOnSettings.class).mapping().direction()).orElse(null);
        if (held.alignId() != null && direction == dev.align.illumera.mapping.Direction.ILLUMERA_TO_ALIGN
                || held.illumeraId() != null && direction == dev.align.illumera.mapping.Direction.ALIGN_TO_ILLUMERA) {
            throw new InvalidInputException("held", "The sync direction does not create records on that side;"
                    + " link it to its counterpart instead, or widen the direction.");
        }
        if (jdbc.sql("UPDATE illumera_link SET state = 'SEPARATE', updated_at = ? WHERE id = ? AND state = 'HELD'")
                .params(Timestamp.from(clock.instant()), held.id()).update() != 1) {
            throw new NotFoundException("Held record", holdId);
        }
        audit.record(new AuditEntry(organisationId, "illumera.held-created-separately",
                held.alignId() != null ? "entry " + held.alignId() : "task " + held.illumeraId(),
                AuditEntry.Outcome.DONE, Map.of(), Map.of()));
        runAfterCommit(organisationId);
    }

    private SyncStore.Link held(long organisationId, long holdId) {
        return store.heldLink(organisationId, holdId).orElseThrow(() -> new NotFoundException("Held record", holdId));
    }

    private Conflict openConflict(long organisationId, long conflictId) {
        return jdbc.sql("""
                        SELECT c.id, l.align_id, l.illumera_id, c.field, c.base_value, c.align_value, c.illumera_value,
                               c.detected_at
                        FROM illumera_conflict c JOIN illumera_link l ON l.id = c.link_id
                        WHERE c.id = ? AND c.organisation_id = ? AND c.open_key IS NOT NULL AND c.resolution IS NULL""")
                .params(conflictId, organisationId)
                .query(IllumeraSync::conflict)
                .optional()
                .orElseThrow(() -> new NotFoundException("Conflict", conflictId));
    }

    private void markResolved(long organisationId, long conflictId, Choice choice, String typedValue) {
        int resolved = jdbc.sql("""
                        UPDATE illumera_conflict SET resolution = ?, typed_value = ?, resolved_at = ?, resolved_by = ?
                        WHERE id = ? AND organisation_id = ? AND resolution IS NULL""")
                .params(choice.name(), typedValue, Timestamp.from(clock.instant()), CurrentUser.require().userId(),
                        conflictId, organisationId)
                .update();
        if (resolved != 1) { // another person resolved it meanwhile: theirs stands
            throw new NotFoundException("Conflict", conflictId);
        }
    }

    private void auditResolution(long organisationId, Conflict conflict, String choice, String value) {
        audit.record(new AuditEntry(organisationId, "illumera.conflict-resolved",
                "entry " + conflict.entryId() + " · " + conflict.field(), AuditEntry.Outcome.DONE,
                Map.of("align", String.valueOf(conflict.alignValue()), "illumera", String.valueOf(conflict.illumeraValue())),
                Map.of("chosen", choice, "value", String.valueOf(value))));
    }

    /** Why the sync is paused (loop guard), or null. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public String pausedReason() {
        return states.pausedReason(CurrentUser.organisationId());
    }

    /**
     * Ends a loop-guard pause after a person checked the reason; {@code allowLargeRun} lets the next
     * run make the large change that caused it (otherwise it pauses again). Audited.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void resume(boolean allowLargeRun) {
        long organisationId = CurrentUser.organisationId();
        String reason = states.pausedReason(organisationId);
        if (reason == null || states.resume(organisationId, allowLargeRun) != 1) {
            throw new InvalidInputException("sync", "The sync is not paused.");
        }
        audit.record(new AuditEntry(organisationId, "illumera.sync-resumed", "Illumera", AuditEntry.Outcome.DONE,
                Map.of("paused", reason), Map.of("allowLargeRun", allowLargeRun)));
        runAfterCommit(organisationId);
    }

    private static Conflict conflict(ResultSet rs, int row) throws SQLException {
        return new Conflict(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant());
    }

    /** The run starts once this transaction committed, so that it sees what the person just changed. */
    private void runAfterCommit(long organisationId) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                background.execute(() -> runner.run(organisationId, Trigger.MANUAL));
            }
        });
    }

    private void requireConnected(long organisationId) {
        if (store.connection(organisationId).filter(SyncStore.Connection::active).isEmpty()) {
            throw new InvalidInputException("connection", "Connect Illumera first.");
        }
    }
}
