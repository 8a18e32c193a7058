package dev.align.illumera.undo;

import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.entry.EntryService;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.sync.IllumeraSync;
import dev.align.outbox.ChangeOrigin;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Undo a run (PRODUCT §5): each field the run changed goes back to its exact value before it, taken from
 * the entry's own history (the run's write to Align, or the Align edit the run sent to Illumera), where
 * the field has not changed again since. The earlier value is written to Align as the undoing person's
 * change and the next run (started at once) carries it to Illumera, so both sides end where they were;
 * an edit made in Illumera since meets that run as a conflict and its policy. What cannot be undone
 * (records the run created or deleted, fields changed since) is listed with the reason.
 */
@Service
public class RunUndo {

    /** One field of one entry: what the undo writes back, or why it cannot. */
    public record Step(long entryId, String entryTitle, String label, Long changeId, String now, String restoreTo,
                       boolean possible, String reason) {
    }

    /** What undoing a run does; {@code done} counts the fields written back when it was carried out. */
    public record Plan(long runId, List<Step> steps, int done) {
        public long possible() {
            return steps.stream().filter(Step::possible).count();
        }
    }

    private static final TypeReference<Map<String, Object>> CHANGES = new TypeReference<>() { };
    /** The sync's field names → the entry history's. */
    private static final Map<String, String> ENTRY_FIELDS = Map.of(AlignField.ENTRY_TITLE.name(), "title",
            AlignField.ENTRY_STATUS.name(), "status", AlignField.ASSIGNED_USER.name(), "assignee",
            AlignField.RELEASE.name(), "release", AlignField.DUE_DATE.name(), "dueDate",
            AlignField.TRACKED_TIME.name(), "trackedMinutes");

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final EntryService entries;
    private final IllumeraSync sync;
    private final AuditTrail audit;
    private final TransactionTemplate separately;

    RunUndo(JdbcClient jdbc, JsonMapper json, EntryService entries, IllumeraSync sync, AuditTrail audit,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.entries = entries;
        this.sync = sync;
        this.audit = audit;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** What undoing the run would do now; writes nothing. */
    @PreAuthorize(Access.ORG_ADMIN)
    public Plan preview(long runId) {
        return plan(CurrentUser.organisationId(), runId);
    }

    /**
     * Writes the earlier values back where possible, each entry in a transaction of its own (one refused
     * value does not stop the rest; a field changed meanwhile refuses its entry), then starts a run that
     * carries them to Illumera. Audited, whatever happened.
     */
    @PreAuthorize(Access.ORG_ADMIN)
    public Plan undo(long runId) {
        long organisationId = CurrentUser.organisationId();
        Plan plan = plan(organisationId, runId);
        Map<Long, List<Step>> byEntry = new LinkedHashMap<>();
        plan.steps().stream().filter(Step::possible)
                .forEach(step -> byEntry.computeIfAbsent(step.entryId(), k -> new ArrayList<>()).add(step));
        List<Step> result = new ArrayList<>(plan.steps().stream().filter(step -> !step.possible()).toList());
        int done = 0;
        try {
            for (var entry : byEntry.entrySet()) {
                String failure = null;
                try {
                    separately.executeWithoutResult(tx -> entries.revert(entry.getKey(),
                            entry.getValue().stream().map(Step::changeId).toList()));
                } catch (InvalidInputException e) {
                    failure = "Not undone: " + String.join(" ", e.fieldErrors().values());
                } catch (RuntimeException e) {
                    failure = "Not undone: the entry changed or went meanwhile (" + e.getClass().getSimpleName() + ").";
                }
                for (Step step : entry.getValue()) {
                    result.add(failure == null ? step : new Step(step.entryId(), step.entryTitle(), step.label(),
                            step.changeId(), step.now(), step.restoreTo(), false, failure));
                }
                done += failure == null ? entry.getValue().size() : 0;
            }
        } finally {
            int written = done;
            int notUndone = plan.steps().size() - done;
            separately.executeWithoutResult(tx -> audit.record(new AuditEntry(organisationId, "illumera.run-undone",
                    "run " + runId, AuditEntry.Outcome.DONE, Map.of(),
                    Map.of("fieldsRestored", written, "notUndone", notUndone))));
        }
        if (done > 0) {
            try {
                sync.syncNow(); // carries the restored values to Illumera now
            } catch (InvalidInputException disconnected) {
                // restored in Align; they reach Illumera once the organisation is connected again
            }
        }
        return new Plan(runId, result, done);
    }

    private Plan plan(long organisationId, long runId) {
        if (jdbc.sql("SELECT COUNT(*) FROM illumera_sync_run WHERE id = ? AND organisation_id = ? AND outcome <> 'RUNNING'")
                .params(runId, organisationId).query(Integer.class).single() == 0) {
            throw new NotFoundException("Sync run", runId);
        }
        record Item(Long entryId, String direction, String action, String changes, Instant at, String title) {
        }
        List<Item> items = jdbc.sql("""
                        SELECT i.align_id, i.direction, i.action, i.changes, i.at, e.title FROM illumera_sync_item i
                        LEFT JOIN entry e ON e.id = i.align_id AND e.organisation_id = i.organisation_id
                        WHERE i.organisation_id = ? AND i.run_id = ? AND i.record_type = 'ENTRY'
                          AND i.action IN ('UPDATED', 'CREATED', 'DELETED') ORDER BY i.id""")
                .params(organisationId, runId)
                .query((rs, n) -> new Item(rs.getObject(1, Long.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6)))
                .list();
        List<Step> steps = new ArrayList<>();
        for (Item item : items) {
            long entryId = item.entryId() == null ? 0 : item.entryId();
            if (!"UPDATED".equals(item.action())) {
                steps.add(new Step(entryId, item.title(), "the record", null, "", "", false,
                        "CREATED".equals(item.action())
                                ? "Created by the run: an undo does not delete records (delete it yourself if it should go)."
                                : "Deleted or archived by the run: an undo does not bring records back."));
                continue;
            }
            Map<String, Object> changes = item.changes() == null ? Map.of() : json.readValue(item.changes(), CHANGES);
            for (String field : changes.keySet()) {
                steps.add(step(item.entryId(), item.title(), field, item.direction(), item.at()));
            }
        }
        return new Plan(runId, steps, 0);
    }

    /** The change the run carried for this field, found in the entry's history, and whether it still stands. */
    private Step step(Long entryId, String title, String field, String direction, Instant at) {
        String label = AlignField.labelOf(field);
        if (entryId == null || title == null) {
            return new Step(entryId == null ? 0 : entryId, title, label, null, "", "", false, "The entry no longer exists.");
        }
        String entryField = ENTRY_FIELDS.get(field);
        if (entryField == null) {
            return new Step(entryId, title, label, null, "", "", false, "This field is not undone.");
        }
        // A run that wrote Align carried its own write; one that wrote Illumera carried a person's edit in Align.
        ChangeOrigin origin = "TO_ALIGN".equals(direction) ? ChangeOrigin.SYNC : ChangeOrigin.PERSON;
        var carried = entries.carried(entryId, entryField, origin, at);
        if (carried.isEmpty()) {
            return new Step(entryId, title, label, null, "", "", false,
                    "The entry's history has no record of this change (it predates the history).");
        }
        var change = carried.get().change();
        if (carried.get().changedSince()) {
            return new Step(entryId, title, label, change.id(), change.after(), change.before(), false,
                    "Changed again since the run: kept as it is.");
        }
        return new Step(entryId, title, label, change.id(), change.after(), change.before(), true, null);
    }
}
