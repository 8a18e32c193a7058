package dev.align.illumera.history;

import dev.align.base.NotFoundException;
import dev.align.illumera.history.SyncHistory.EntrySync;
import dev.align.illumera.history.SyncHistory.EntrySync.State;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** An entry's sync panel: its link, the state a person understands, and when it last moved each way. */
@Component
class EntrySyncs {

    private final JdbcClient jdbc;
    private final ValueNames names;

    EntrySyncs(JdbcClient jdbc, ValueNames names) {
        this.jdbc = jdbc;
        this.names = names;
    }

    EntrySync of(long organisationId, long entryId) {
        Integer version = jdbc.sql("SELECT version FROM entry WHERE id = ? AND organisation_id = ?")
                .params(entryId, organisationId).query(Integer.class).optional()
                .orElseThrow(() -> new NotFoundException("Entry", entryId));
        record Link(long id, String taskId, String state, Integer alignVersion, boolean retry) {
        }
        var link = jdbc.sql("""
                        SELECT id, illumera_id, state, align_version, needs_retry FROM illumera_link
                        WHERE organisation_id = ? AND record_type = 'ENTRY' AND align_id = ?""")
                .params(organisationId, entryId)
                .query((rs, n) -> new Link(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, Integer.class), rs.getBoolean(5)))
                .optional().orElse(null);
        Instant sent = lastItem(organisationId, entryId, "TO_ILLUMERA");
        Instant received = lastItem(organisationId, entryId, "TO_ALIGN");
        String policy = names.policy(organisationId);
        if (link == null) {
            return new EntrySync(entryId, null, null, State.NOT_LINKED, "Not synced yet: the next run"
                    + " links or creates it, if its project is synced.", sent, received, policy);
        }
        ValueNames.Page page = names.page(organisationId);
        page.record(entryId, link.taskId());
        page.load();
        var lastError = jdbc.sql("""
                        SELECT action, message FROM illumera_sync_item
                        WHERE organisation_id = ? AND record_type = 'ENTRY' AND align_id = ? ORDER BY id DESC LIMIT 1""")
                .params(organisationId, entryId).query((rs, n) -> "ERROR".equals(rs.getString(1)) ? rs.getString(2) : null)
                .optional().orElse(null);
        int conflicts = jdbc.sql("""
                        SELECT COUNT(*) FROM illumera_conflict
                        WHERE organisation_id = ? AND link_id = ? AND open_key IS NOT NULL AND resolution IS NULL""")
                .params(organisationId, link.id()).query(Integer.class).single();
        State state;
        String detail;
        switch (link.state()) {
            case "PENDING" -> {
                state = State.PENDING;
                detail = "Being created in Illumera: the next run finishes it.";
            }
            case "HELD" -> {
                state = State.HELD;
                detail = "Held: several records share its name; link it by hand or create it separately.";
            }
            case "GONE" -> {
                state = State.GONE;
                detail = "No longer synced: it was deleted on one side.";
            }
            default -> {
                if (conflicts > 0) {
                    state = State.CONFLICT;
                    detail = conflicts + (conflicts == 1 ? " field waits" : " fields wait") + " in the conflict inspector.";
                } else if (link.retry() || lastError != null) {
                    state = State.ERROR;
                    detail = lastError == null ? "The last run could not finish it; the next run tries again."
                            : lastError + " " + ErrorAdvice.of(lastError);
                } else if (!java.util.Objects.equals(version, link.alignVersion())) {
                    state = State.WAITING;
                    detail = "Changed since the last sync: the next run sends it.";
                } else {
                    state = State.IN_SYNC;
                    detail = "Both sides agree.";
                }
            }
        }
        return new EntrySync(entryId, link.taskId(), page.taskName(link.taskId()), state, detail, sent, received,
                policy);
    }

    private Instant lastItem(long organisationId, long entryId, String direction) {
        return jdbc.sql("""
                        SELECT MAX(at) FROM illumera_sync_item
                        WHERE organisation_id = ? AND record_type = 'ENTRY' AND align_id = ? AND direction = ?
                          AND action IN ('CREATED', 'UPDATED', 'DELETED')""")
                .params(organisationId, entryId, direction).query((rs, n) -> instant(rs.getTimestamp(1))).list()
                .getFirst(); // MAX over no rows is one row of NULL
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
