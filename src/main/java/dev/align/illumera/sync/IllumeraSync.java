package dev.align.illumera.sync;

import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.illumera.SettingsSaved;
import dev.align.illumera.sync.SyncRun.Trigger;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The sync as Owners and Admins drive it (PRODUCT §3, §5, §6): start a run now, preview the initial
 * sync, watch its progress, read the runs, resolve conflicts, end a pause. Runs happen in the
 * background under the organisation's lock; this service only asks for them.
 */
@Service
public class IllumeraSync {

    public enum Choice { ALIGN, ILLUMERA }

    /** A field changed on both sides, waiting for a person (the conflict inspector's row). */
    public record Conflict(long id, Long entryId, String taskId, String field, String baseValue, String alignValue,
                           String illumeraValue, Instant detectedAt) {
    }

    /** One record a run touched: the direction, what it did, the fields before → after, or why it failed. */
    public record SyncItem(long id, long runId, String recordType, Long alignId, String illumeraId, String direction,
                           String action, Map<String, Object> changes, String message, Instant at) {
    }

    /** How long past a missed run the scheduler counts as not reaching the organisation (ticks, a busy node). */
    private static final Duration LATE_GRACE = Duration.ofMinutes(1);
    private static final TypeReference<Map<String, Map<String, Integer>>> COUNTS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> CHANGES = new TypeReference<>() { };

    private final SyncRunner runner;
    private final SyncEngine engine;
    private final SyncStore store;
    private final AuditTrail audit;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TaskExecutor background;
    private final Clock clock;
    private final boolean startOnSave;
    private final Duration interval;
    private final IllumeraAddOnService addOn;

    IllumeraSync(SyncRunner runner, SyncEngine engine, SyncStore store, AuditTrail audit, JdbcClient jdbc,
                 JsonMapper json, @Qualifier("applicationTaskExecutor") TaskExecutor background, Clock clock,
                 @Value("${illumera.sync.start-on-save:true}") boolean startOnSave,
                 @Value("${illumera.sync.interval:PT5M}") Duration interval, IllumeraAddOnService addOn) {
        this.interval = interval;
        this.addOn = addOn;
        this.startOnSave = startOnSave;
        this.runner = runner;
        this.engine = engine;
        this.store = store;
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
        this.background = background;
        this.clock = clock;
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
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public SyncStatus status() {
        long organisationId = CurrentUser.organisationId();
        Instant now = clock.instant();
        SyncProgress progress = progress();
        record State(boolean initialDone, String pausedReason, Instant lastRunAt) {
        }
        State state = jdbc.sql("SELECT initial_done, paused_reason, last_run_at FROM illumera_sync_state"
                        + " WHERE organisation_id = ?")
                .param(organisationId)
                .query((rs, n) -> new State(rs.getBoolean(1), rs.getString(2), instant(rs.getTimestamp(3))))
                .optional().orElse(new State(false, null, null));
        SyncRun lastRun = jdbc.sql("""
                        SELECT id, run_trigger, node, started_at, ended_at, outcome, message, counts
                        FROM illumera_sync_run WHERE organisation_id = ? AND outcome <> 'RUNNING'
                        ORDER BY started_at DESC, id DESC LIMIT 1""")
                .param(organisationId).query(this::run).optional().orElse(null);
        var connection = store.connection(organisationId).filter(SyncStore.Connection::active);
        boolean scheduled = connection.isPresent() && connection.get().settingsJson() != null
                && state.pausedReason() == null;
        Instant savedAt = jdbc.sql("SELECT updated_at FROM illumera_settings WHERE organisation_id = ?")
                .param(organisationId).query((rs, n) -> instant(rs.getTimestamp(1))).optional().orElse(null);
        Instant since = latest(state.lastRunAt(), savedAt);
        Instant next = !scheduled ? null
                : state.lastRunAt() == null ? now : latest(state.lastRunAt().plus(interval), now);
        boolean late = scheduled && !progress.running() && since != null
                && since.isBefore(now.minus(interval.multipliedBy(2)).minus(LATE_GRACE));
        int duplicates = jdbc.sql("SELECT COUNT(*) FROM illumera_duplicate WHERE organisation_id = ?")
                .param(organisationId).query(Integer.class).single();
        return new SyncStatus(progress, state.initialDone(), lastRun, next, state.pausedReason(), duplicates, late,
                interval);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public SyncProgress progress() {
        return SyncProgress.of(store.progress(CurrentUser.organisationId()), clock.instant());
    }

    /** The organisation's runs, newest first. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public List<SyncRun> runs(int offset, int limit) {
        return jdbc.sql("""
                        SELECT id, run_trigger, node, started_at, ended_at, outcome, message, counts
                        FROM illumera_sync_run WHERE organisation_id = ?
                        ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?""")
                .params(CurrentUser.organisationId(), Math.min(Math.max(limit, 1), 200), Math.max(offset, 0))
                .query(this::run)
                .list();
    }

    private SyncRun run(ResultSet rs, int row) throws SQLException {
        return new SyncRun(rs.getLong(1), Trigger.valueOf(rs.getString(2)), rs.getString(3),
                rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5)), SyncRun.Outcome.valueOf(rs.getString(6)),
                rs.getString(7), json.readValue(rs.getString(8), COUNTS));
    }

    /**
     * The records one run touched, in order, a page at a time after {@code afterId} (keyset paging on
     * the run's index: as fast on the millionth row as on the first); {@code action} filters (CREATED,
     * UPDATED, CONFLICT, ERROR, …) when given.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public List<SyncItem> runItems(long runId, String action, long afterId, int limit) {
        return items("run_id = :key", runId, action, afterId, limit);
    }

    /** What the sync did to one entry, oldest first: its field history across runs. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public List<SyncItem> entryHistory(long entryId, long afterId, int limit) {
        return items("record_type = 'ENTRY' AND align_id = :key", entryId, null, afterId, limit);
    }

    private List<SyncItem> items(String where, long key, String action, long afterId, int limit) {
        return jdbc.sql("SELECT id, run_id, record_type, align_id, illumera_id, direction, action, changes, message, at"
                        + " FROM illumera_sync_item WHERE organisation_id = :org AND " + where
                        + (action == null ? "" : " AND action = :action") + " AND id > :after ORDER BY id LIMIT :limit")
                .param("org", CurrentUser.organisationId()).param("key", key).param("after", afterId)
                .param("limit", Math.min(Math.max(limit, 1), 500))
                .params(action == null ? Map.of() : Map.of("action", action))
                .query((rs, n) -> new SyncItem(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getObject(4, Long.class),
                        rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8) == null ? Map.of() : json.readValue(rs.getString(8), CHANGES), rs.getString(9),
                        rs.getTimestamp(10).toInstant()))
                .list();
    }

    /** Conflicts waiting for a person, oldest first. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public List<Conflict> conflicts(int offset, int limit) {
        return jdbc.sql("""
                        SELECT c.id, l.align_id, l.illumera_id, c.field, c.base_value, c.align_value, c.illumera_value,
                               c.detected_at
                        FROM illumera_conflict c JOIN illumera_link l ON l.id = c.link_id
                        WHERE c.organisation_id = ? AND c.open_key IS NOT NULL AND c.resolution IS NULL
                        ORDER BY c.detected_at, c.id LIMIT ? OFFSET ?""")
                .params(CurrentUser.organisationId(), Math.min(Math.max(limit, 1), 200), Math.max(offset, 0))
                .query(IllumeraSync::conflict)
                .list();
    }

    /**
     * A person chooses a side: the next run (started now) writes that value to the other side and
     * makes it the base. Audited with the values chosen between.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void resolve(long conflictId, Choice choice) {
        long organisationId = CurrentUser.organisationId();
        if (choice == null) {
            throw new InvalidInputException("choice", "Choose the Align value or the Illumera value.");
        }
        Conflict conflict = jdbc.sql("""
                        SELECT c.id, l.align_id, l.illumera_id, c.field, c.base_value, c.align_value, c.illumera_value,
                               c.detected_at
                        FROM illumera_conflict c JOIN illumera_link l ON l.id = c.link_id
                        WHERE c.id = ? AND c.organisation_id = ? AND c.open_key IS NOT NULL AND c.resolution IS NULL""")
                .params(conflictId, organisationId)
                .query(IllumeraSync::conflict)
                .optional()
                .orElseThrow(() -> new NotFoundException("Conflict", conflictId));
        jdbc.sql("""
                        UPDATE illumera_conflict SET resolution = ?, resolved_at = ?, resolved_by = ?
                        WHERE id = ? AND organisation_id = ? AND resolution IS NULL""")
                .params(choice.name(), Timestamp.from(clock.instant()), CurrentUser.require().userId(), conflictId,
                        organisationId)
                .update();
        String chosen = choice == Choice.ALIGN ? conflict.alignValue() : conflict.illumeraValue();
        audit.record(new AuditEntry(organisationId, "illumera.conflict-resolved",
                "entry " + conflict.entryId() + " · " + conflict.field(), AuditEntry.Outcome.DONE,
                Map.of("align", String.valueOf(conflict.alignValue()), "illumera", String.valueOf(conflict.illumeraValue())),
                Map.of("chosen", choice.name(), "value", String.valueOf(chosen))));
        runAfterCommit(organisationId);
    }

    /** Why the sync is paused (loop guard), or null. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional(readOnly = true)
    public String pausedReason() {
        return store.pausedReason(CurrentUser.organisationId());
    }

    /**
     * Ends a loop-guard pause after a person checked the reason; {@code allowLargeRun} lets the next
     * run make the large change that caused it (otherwise it pauses again). Audited.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public void resume(boolean allowLargeRun) {
        long organisationId = CurrentUser.organisationId();
        String reason = store.pausedReason(organisationId);
        if (reason == null || store.resume(organisationId, allowLargeRun) != 1) {
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
