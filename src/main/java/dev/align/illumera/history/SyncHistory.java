package dev.align.illumera.history;

import dev.align.base.NotFoundException;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.sync.SyncRun;
import dev.align.illumera.sync.SyncRun.Outcome;
import dev.align.illumera.sync.SyncRun.Trigger;
import dev.align.security.Access;
import dev.align.security.SupportGrants;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sync did, for people (PRODUCT §5, §6): its runs, each run's records with the fields
 * before → after by name, its errors grouped with what to do, an entry's sync history, and the
 * conflicts waiting or resolved. Read-only; Owners and Admins of the organisation and support staff
 * with a live grant. Every list pages by key on an index (never OFFSET, never a COUNT per scroll), so
 * it is as quick on the millionth row as on the first. The grids' page reads run without a transaction
 * of their own (one statement and its name look-ups; a transaction would cost more round trips than
 * the query itself).
 */
@Service
public class SyncHistory {

    /** Filters of the run list; null means any. */
    public record RunFilter(Outcome outcome, Trigger trigger, Instant from, Instant to) {
        public static RunFilter none() {
            return new RunFilter(null, null, null, null);
        }
    }

    /** One field a run changed, its values by name. */
    public record FieldChange(String field, String label, String before, String after, String decidedBy) {
        public FieldChange(String field, String label, String before, String after) {
            this(field, label, before, after, null);
        }
    }

    /** One record a run touched: both ids and names, the direction, what it did and why it failed. */
    public record RunRecord(long id, long runId, String recordType, Long alignId, String entryTitle, String illumeraId,
                            String taskName, String direction, String action, List<FieldChange> changes,
                            String message, String advice, Instant at) {
    }

    /** The errors of one run with the same reason: how many, what to do, and the records they touch. */
    public record ErrorGroup(String reason, String advice, int count, List<RunRecord> records) {
    }

    /** A conflict as the inspector shows it: the three values by name, and once resolved, who chose what. */
    public record ConflictRow(long id, Long entryId, String entryTitle, String taskId, String field, String label,
                              String baseValue, String alignValue, String illumeraValue, String rawAlign,
                              String rawIllumera, Instant detectedAt, String resolution, String typedValue,
                              String resolvedBy, Instant resolvedAt, Instant appliedAt) {
    }

    /** Where an entry stands with the sync: its task, a state a person understands, and when it last moved. */
    public record EntrySync(long entryId, String taskId, String taskName, State state, String detail,
                            Instant lastSent, Instant lastReceived, String conflictPolicy) {
        public enum State { NOT_LINKED, IN_SYNC, WAITING, PENDING, ERROR, CONFLICT, HELD, GONE }
    }

    /**
     * One release and its sprint for the cross-platform report: tracked time in Align, its entries by
     * status on both sides (Illumera's as both sides last agreed it) and by sync state.
     */
    public record ReleaseReport(long releaseId, String release, String project, String sprintId, long trackedMinutes,
                                Map<String, Integer> alignStatuses, Map<String, Integer> illumeraStatuses,
                                Map<String, Integer> syncStates) {
    }

    /** A task that is a copy of an entry already linked to another task (an import rule made it). */
    public record Duplicate(long id, String taskId, String taskName, long entryId, String entryTitle,
                            String linkedTaskId, Instant foundAt) {
    }

    /** A record held because several records share its name: one side only, waiting for a person. */
    public record Held(long id, Long entryId, String taskId, String name, String workspaceId, String state,
                       Instant since) {
    }

    /** How many records of one error group a person sees; the rest are counted. */
    static final int GROUP_SAMPLE = 20;
    private static final TypeReference<Map<String, Object>> CHANGES = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final SupportGrants grants;
    private final ValueNames names;
    private final EntrySyncs entrySyncs;
    private final ReleaseReports reports;

    SyncHistory(JdbcClient jdbc, JsonMapper json, SupportGrants grants, ValueNames names, EntrySyncs entrySyncs,
                ReleaseReports reports) {
        this.entrySyncs = entrySyncs;
        this.reports = reports;
        this.jdbc = jdbc;
        this.json = json;
        this.grants = grants;
        this.names = names;
    }

    /** Runs newest first, after {@code after} (the last run of the previous page; null for the first). */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    public List<SyncRun> runs(RunFilter filter, SyncRun after, int limit) {
        var sql = new StringBuilder("SELECT " + SyncRun.COLUMNS + " FROM illumera_sync_run WHERE organisation_id = :org");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("org", grants.readableOrganisation());
        if (filter.outcome() != null) {
            sql.append(" AND outcome = :outcome");
            params.put("outcome", filter.outcome().name());
        }
        if (filter.trigger() != null) {
            sql.append(" AND run_trigger = :trigger");
            params.put("trigger", filter.trigger().name());
        }
        if (filter.from() != null) {
            sql.append(" AND started_at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND started_at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        if (after != null) {
            sql.append(" AND (started_at < :afterAt OR (started_at = :afterAt AND id < :afterId))");
            params.put("afterAt", Timestamp.from(after.startedAt()));
            params.put("afterId", after.id());
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT :limit");
        params.put("limit", Math.clamp(limit, 1, 200));
        return jdbc.sql(sql.toString()).params(params).query((rs, n) -> SyncRun.read(rs, json)).list();
    }

    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public SyncRun run(long runId) {
        return jdbc.sql("SELECT " + SyncRun.COLUMNS + " FROM illumera_sync_run WHERE id = ? AND organisation_id = ?")
                .params(runId, grants.readableOrganisation())
                .query((rs, n) -> SyncRun.read(rs, json)).optional()
                .orElseThrow(() -> new NotFoundException("Sync run", runId));
    }

    /**
     * The records one run touched, in order, after {@code afterId}; {@code action} (CREATED, UPDATED,
     * CONFLICT, ERROR, …) filters when given.
     */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    public List<RunRecord> records(long runId, String action, long afterId, int limit) {
        long organisationId = grants.readableOrganisation();
        return named(organisationId, jdbc.sql(ITEMS + " WHERE organisation_id = :org AND run_id = :run"
                        + (action == null ? "" : " AND action = :action") + " AND id > :after ORDER BY id LIMIT :limit")
                .param("org", organisationId).param("run", runId).param("after", afterId)
                .param("limit", Math.clamp(limit, 1, 500))
                .params(action == null ? Map.of() : Map.of("action", action))
                .query(this::item).list());
    }

    /** A run's errors grouped by reason, the largest group first, each with what to do. */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public List<ErrorGroup> errors(long runId) {
        long organisationId = grants.readableOrganisation();
        record Group(String reason, int count) {
        }
        List<Group> groups = jdbc.sql("""
                        SELECT COALESCE(message, ''), COUNT(*) FROM illumera_sync_item
                        WHERE organisation_id = ? AND run_id = ? AND action = 'ERROR'
                        GROUP BY COALESCE(message, '') ORDER BY COUNT(*) DESC, 1""")
                .params(organisationId, runId)
                .query((rs, n) -> new Group(rs.getString(1), rs.getInt(2))).list();
        List<ErrorGroup> result = new ArrayList<>();
        for (Group group : groups) {
            List<RunRecord> records = named(organisationId, jdbc.sql(ITEMS + " WHERE organisation_id = ? AND run_id = ?"
                            + " AND action = 'ERROR' AND COALESCE(message, '') = ? ORDER BY id LIMIT ?")
                    .params(organisationId, runId, group.reason(), GROUP_SAMPLE).query(this::item).list());
            result.add(new ErrorGroup(group.reason(), ErrorAdvice.of(group.reason()), group.count(), records));
        }
        return result;
    }

    /** What the sync did to one entry, newest first, before {@code beforeId} (null for the newest). */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    public List<RunRecord> entryHistory(long entryId, Long beforeId, int limit) {
        long organisationId = grants.readableOrganisation();
        return named(organisationId, jdbc.sql(ITEMS + " WHERE organisation_id = :org AND record_type = 'ENTRY'"
                        + " AND align_id = :entry AND id < :before ORDER BY id DESC LIMIT :limit")
                .param("org", organisationId).param("entry", entryId)
                .param("before", beforeId == null ? Long.MAX_VALUE : beforeId)
                .param("limit", Math.clamp(limit, 1, 500))
                .query(this::item).list());
    }

    /** The entry's sync panel: its task, its state and when a change was last sent and received. */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public EntrySync entrySync(long entryId) {
        return entrySyncs.of(grants.readableOrganisation(), entryId);
    }

    /** The cross-platform report, one row per release of the organisation (PRODUCT §0). */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public List<ReleaseReport> releaseReport() {
        return reports.of(grants.readableOrganisation());
    }

    /** The import copies found, newest first, before {@code beforeId}. */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public List<Duplicate> duplicates(Long beforeId, int limit) {
        return jdbc.sql("SELECT d.id, d.task_id, d.task_name, d.entry_id, e.title, d.linked_task_id, d.found_at"
                        + " FROM illumera_duplicate d LEFT JOIN entry e ON e.id = d.entry_id"
                        + " AND e.organisation_id = d.organisation_id"
                        + " WHERE d.organisation_id = ? AND d.id < ? ORDER BY d.id DESC LIMIT ?")
                .params(grants.readableOrganisation(), beforeId == null ? Long.MAX_VALUE : beforeId,
                        Math.clamp(limit, 1, 500))
                .query((rs, n) -> new Duplicate(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()))
                .list();
    }

    /**
     * Records held because they share a name (and those a person chose to create separately, until the
     * next run has), by name, so that the candidates for "link these two" stand together.
     */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public List<Held> held() {
        long organisationId = grants.readableOrganisation();
        return jdbc.sql("SELECT l.id, l.align_id, l.illumera_id, COALESCE(e.title, l.held_name), l.workspace_id,"
                        + " l.state, l.updated_at FROM illumera_link l LEFT JOIN entry e ON e.id = l.align_id"
                        + " AND e.organisation_id = l.organisation_id"
                        + " WHERE l.organisation_id = ? AND l.record_type = 'ENTRY' AND l.state IN ('HELD', 'SEPARATE')"
                        + " ORDER BY 4, l.id LIMIT 1000")
                .param(organisationId)
                .query((rs, n) -> new Held(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()))
                .list();
    }

    /** Conflicts waiting for a person, oldest first, after {@code afterId}. */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public List<ConflictRow> openConflicts(long afterId, int limit) {
        return conflicts("c.open_key IS NOT NULL AND c.resolution IS NULL AND c.id > :key ORDER BY c.id",
                afterId, limit);
    }

    /** Conflicts a person resolved (or that settled by themselves), newest first, before {@code beforeId}. */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public List<ConflictRow> resolvedConflicts(Long beforeId, int limit) {
        return conflicts("c.resolution IS NOT NULL AND c.id < :key ORDER BY c.id DESC",
                beforeId == null ? Long.MAX_VALUE : beforeId, limit);
    }

    /** How many conflicts wait for a person (the card's "N conflicts waiting"). */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    @Transactional(readOnly = true)
    public int openConflictCount() {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM illumera_conflict
                        WHERE organisation_id = ? AND resolved_at IS NULL AND open_key IS NOT NULL""")
                .param(grants.readableOrganisation()).query(Integer.class).single();
    }

    private List<ConflictRow> conflicts(String where, long key, int limit) {
        long organisationId = grants.readableOrganisation();
        record Raw(long id, Long entryId, String taskId, String field, String base, String align, String illumera,
                   Instant detectedAt, String resolution, String typed, String resolvedBy, Instant resolvedAt,
                   Instant appliedAt) {
        }
        List<Raw> raw = jdbc.sql("""
                        SELECT c.id, l.align_id, l.illumera_id, c.field, c.base_value, c.align_value, c.illumera_value,
                               c.detected_at, c.resolution, c.typed_value, u.display_name, c.resolved_at, c.applied_at
                        FROM illumera_conflict c JOIN illumera_link l ON l.id = c.link_id
                        LEFT JOIN app_user u ON u.id = c.resolved_by
                        WHERE c.organisation_id = :org AND""" + " " + where + " LIMIT :limit")
                .param("org", organisationId).param("key", key).param("limit", Math.clamp(limit, 1, 500))
                .query((rs, n) -> new Raw(rs.getLong(1), rs.getObject(2, Long.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), instant(rs.getTimestamp(8)), rs.getString(9),
                        rs.getString(10), rs.getString(11), instant(rs.getTimestamp(12)), instant(rs.getTimestamp(13))))
                .list();
        ValueNames.Page page = names.page(organisationId);
        raw.forEach(r -> {
            page.record(r.entryId(), r.taskId());
            page.value(r.field(), r.base());
            page.value(r.field(), r.align());
            page.value(r.field(), r.illumera());
        });
        page.load();
        return raw.stream().map(r -> new ConflictRow(r.id(), r.entryId(), page.entryTitle(r.entryId()), r.taskId(),
                r.field(), AlignField.labelOf(r.field()), page.display(r.field(), r.base()),
                page.display(r.field(), r.align()), page.display(r.field(), r.illumera()), r.align(), r.illumera(),
                r.detectedAt(), r.resolution(), r.typed(), r.resolvedBy(), r.resolvedAt(), r.appliedAt())).toList();
    }

    private static final String ITEMS = "SELECT id, run_id, record_type, align_id, illumera_id, direction, action,"
            + " changes, message, at FROM illumera_sync_item";

    /** A stored item before names are looked up. */
    private record Item(long id, long runId, String recordType, Long alignId, String illumeraId, String direction,
                        String action, Map<String, Object> changes, String message, Instant at) {
    }

    private Item item(ResultSet rs, int row) throws SQLException {
        String changes = rs.getString(8);
        return new Item(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getObject(4, Long.class), rs.getString(5),
                rs.getString(6), rs.getString(7), changes == null ? Map.of() : json.readValue(changes, CHANGES),
                rs.getString(9), rs.getTimestamp(10).toInstant());
    }

    private List<RunRecord> named(long organisationId, List<Item> items) {
        ValueNames.Page page = names.page(organisationId);
        for (Item item : items) {
            if ("ENTRY".equals(item.recordType())) {
                page.record(item.alignId(), item.illumeraId());
            }
            item.changes().forEach((field, values) -> pair(values).forEach(value -> page.value(field, value)));
        }
        page.load();
        return items.stream().map(item -> {
            List<FieldChange> changes = new ArrayList<>();
            item.changes().forEach((field, values) -> {
                List<String> pair = pair(values);
                changes.add(new FieldChange(field, AlignField.labelOf(field), page.display(field, pair.get(0)),
                        page.display(field, pair.get(1)), decidedBy(values)));
            });
            boolean entry = "ENTRY".equals(item.recordType());
            return new RunRecord(item.id(), item.runId(), item.recordType(), item.alignId(),
                    entry ? page.entryTitle(item.alignId()) : null, item.illumeraId(),
                    entry ? page.taskName(item.illumeraId()) : null, item.direction(), item.action(), changes,
                    item.message(), "ERROR".equals(item.action()) ? ErrorAdvice.of(item.message()) : null, item.at());
        }).toList();
    }

    /**
     * What chose this value when both sides differed, in words (stored third): the conflict policy, or
     * for a record linked for the first time the choice made when saving.
     */
    private static String decidedBy(Object values) {
        if (values instanceof List<?> list && list.size() == 3 && list.get(2) != null) {
            String stored = list.get(2).toString();
            try {
                if (stored.startsWith(SyncRun.FIRST_LINK_DECISION)) {
                    return "the choice for first links: " + dev.align.illumera.FirstLinkChoice
                            .valueOf(stored.substring(SyncRun.FIRST_LINK_DECISION.length())).label();
                }
                return "the conflict policy: " + dev.align.illumera.ConflictPolicy.valueOf(stored).label();
            } catch (IllegalArgumentException unknown) {
                return stored;
            }
        }
        return null;
    }

    /** A change is stored as [before, after] (and the deciding policy, see {@link #decidedBy}). */
    private static List<String> pair(Object values) {
        if (values instanceof List<?> list && list.size() >= 2) {
            return java.util.Arrays.asList(text(list.get(0)), text(list.get(1)));
        }
        return java.util.Arrays.asList(null, text(values));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
