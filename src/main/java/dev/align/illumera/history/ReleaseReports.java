package dev.align.illumera.history;

import dev.align.illumera.history.SyncHistory.ReleaseReport;
import dev.align.illumera.mapping.AlignField;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cross-platform report's figures (PRODUCT §0): per release and its sprint, tracked time, entries by
 * status on both sides (Illumera's as last agreed) and by sync state, in one grouped query.
 */
@Component
class ReleaseReports {

    private final JdbcClient jdbc;
    private final ValueNames names;

    ReleaseReports(JdbcClient jdbc, ValueNames names) {
        this.jdbc = jdbc;
        this.names = names;
    }

    List<ReleaseReport> of(long organisationId) {
        record Row(long releaseId, String release, String project, String sprint, String status, String illumera,
                   String state, int entries, long minutes) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT r.id, r.name, p.name, rl.illumera_id, e.status,
                               JSON_VALUE(l.base, '$.ENTRY_STATUS') AS illumera_status,
                               CASE WHEN e.id IS NULL THEN NULL
                                    WHEN l.id IS NULL OR l.state <> 'LINKED' THEN 'WAITING'
                                    WHEN EXISTS (SELECT 1 FROM illumera_conflict c WHERE c.link_id = l.id
                                                 AND c.open_key IS NOT NULL AND c.resolution IS NULL) THEN 'CONFLICT'
                                    WHEN l.needs_retry OR l.align_version IS NULL OR l.align_version <> e.version
                                         THEN 'WAITING'
                                    ELSE 'IN_SYNC' END AS sync_state,
                               COUNT(e.id), COALESCE(SUM(e.tracked_minutes), 0)
                        FROM work_release r JOIN project p ON p.id = r.project_id
                        LEFT JOIN illumera_link rl ON rl.organisation_id = r.organisation_id AND rl.record_type = 'RELEASE'
                             AND rl.align_id = r.id AND rl.state = 'LINKED'
                        LEFT JOIN entry e ON e.organisation_id = r.organisation_id AND e.release_id = r.id
                        LEFT JOIN illumera_link l ON l.organisation_id = e.organisation_id AND l.record_type = 'ENTRY'
                             AND l.align_id = e.id
                        WHERE r.organisation_id = ?
                        GROUP BY r.id, r.name, p.name, rl.illumera_id, e.status, illumera_status, sync_state
                        ORDER BY p.name, r.release_date, r.name""")
                .param(organisationId)
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getLong(9)))
                .list();
        ValueNames.Page page = names.page(organisationId);
        rows.forEach(row -> page.value(AlignField.ENTRY_STATUS.name(), row.illumera()));
        page.load();
        Map<Long, ReleaseReport> reports = new LinkedHashMap<>();
        for (Row row : rows) {
            ReleaseReport report = reports.computeIfAbsent(row.releaseId(), id -> new ReleaseReport(id, row.release(),
                    row.project(), row.sprint(), 0, new LinkedHashMap<>(), new LinkedHashMap<>(), new LinkedHashMap<>()));
            if (row.entries() == 0) {
                continue;
            }
            report = new ReleaseReport(report.releaseId(), report.release(), report.project(), report.sprintId(),
                    report.trackedMinutes() + row.minutes(), report.alignStatuses(), report.illumeraStatuses(),
                    report.syncStates());
            reports.put(row.releaseId(), report);
            report.alignStatuses().merge(row.status(), row.entries(), Integer::sum);
            report.illumeraStatuses().merge(row.illumera() == null ? "—"
                    : page.display(AlignField.ENTRY_STATUS.name(), row.illumera()),
                    row.entries(), Integer::sum);
            report.syncStates().merge(row.state(), row.entries(), Integer::sum);
        }
        return List.copyOf(reports.values());
    }
}
