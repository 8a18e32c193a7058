package dev.align.illumera.undo;

import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.illumera.AddOnSettings;
import dev.align.illumera.mapping.AlignField;
import dev.align.illumera.sync.IllumeraSync;
import dev.align.organisation.OrganisationService;
import dev.align.organisation.Person;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Undo a run (PRODUCT §5): the fields a run changed go back to their values before it, where the
 * entry has not changed since. The before-values are written to Align as the undoing person's change
 * and the next run (started at once) carries them to Illumera, so both sides end where they were; an
 * edit made in Illumera since meets that run as a conflict and its policy. What cannot be undone
 * (records the run created or deleted, entries changed or deleted since) is listed with the reason.
 */
@Service
public class RunUndo {

    /** One field of one entry: what the undo writes back, or why it cannot. */
    public record Step(long entryId, String entryTitle, String field, String label, String restoreTo, String now,
                       boolean possible, String reason, String shownRestore, String shownNow) {
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
    private final OrganisationService organisations;
    private final IllumeraSync sync;
    private final AuditTrail audit;
    private final TransactionTemplate separately;

    RunUndo(JdbcClient jdbc, JsonMapper json, EntryService entries, OrganisationService organisations,
            IllumeraSync sync, AuditTrail audit, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.entries = entries;
        this.organisations = organisations;
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
     * Writes the before-values back where possible (each entry in a transaction of its own, so that one
     * refused value does not stop the rest), then starts a run that carries them to Illumera. Audited.
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
        Values values = values(organisationId);
        for (var entry : byEntry.entrySet()) {
            String failure = null;
            try {
                separately.executeWithoutResult(tx -> write(entry.getKey(), entry.getValue(), values));
            } catch (InvalidInputException e) {
                failure = "Align refused the earlier value: " + String.join(" ", e.fieldErrors().values());
            } catch (OptimisticLockingFailureException | NotFoundException e) {
                failure = "The entry changed meanwhile; nothing was written.";
            }
            for (Step step : entry.getValue()) {
                result.add(failure == null ? step : new Step(step.entryId(), step.entryTitle(), step.field(),
                        step.label(), step.restoreTo(), step.now(), false, failure, step.shownRestore(), step.shownNow()));
            }
            done += failure == null ? entry.getValue().size() : 0;
        }
        int written = done;
        separately.executeWithoutResult(tx -> audit.record(new AuditEntry(organisationId, "illumera.run-undone",
                "run " + runId, AuditEntry.Outcome.DONE, Map.of(),
                Map.of("fieldsRestored", written, "notUndone", result.size() - written))));
        if (written > 0) {
            try {
                sync.syncNow(); // carries the restored values to Illumera now
            } catch (InvalidInputException disconnected) {
                // written in Align; they reach Illumera once the organisation is connected again
            }
        }
        return new Plan(runId, result, done);
    }

    private void write(long entryId, List<Step> steps, Values values) {
        Entry entry = entries.get(entryId);
        EntryDraft draft = new EntryDraft(entry.getProjectId(), entry.getReleaseId(), entry.getTitle(),
                entry.getStatus(), entry.getAssigneeId(), entry.getDueDate(), entry.getTrackedMinutes());
        for (Step step : steps) {
            String v = step.restoreTo();
            draft = switch (AlignField.valueOf(step.field())) {
                case ENTRY_TITLE -> new EntryDraft(draft.projectId(), draft.releaseId(), v, draft.status(),
                        draft.assigneeId(), draft.dueDate(), draft.trackedMinutes());
                case ENTRY_STATUS -> new EntryDraft(draft.projectId(), draft.releaseId(), draft.title(),
                        values.status(v, draft.status()), draft.assigneeId(), draft.dueDate(), draft.trackedMinutes());
                case ASSIGNED_USER -> new EntryDraft(draft.projectId(), draft.releaseId(), draft.title(), draft.status(),
                        values.person(v), draft.dueDate(), draft.trackedMinutes());
                case RELEASE -> new EntryDraft(draft.projectId(), v == null ? null : Long.valueOf(v), draft.title(),
                        draft.status(), draft.assigneeId(), draft.dueDate(), draft.trackedMinutes());
                case DUE_DATE -> new EntryDraft(draft.projectId(), draft.releaseId(), draft.title(), draft.status(),
                        draft.assigneeId(), v == null ? null : LocalDate.parse(v), draft.trackedMinutes());
                case TRACKED_TIME -> new EntryDraft(draft.projectId(), draft.releaseId(), draft.title(), draft.status(),
                        draft.assigneeId(), draft.dueDate(), v == null ? 0 : Integer.parseInt(v));
                case PROJECT -> draft;
            };
        }
        entries.update(entryId, entry.getVersion(), draft);
    }

    private Plan plan(long organisationId, long runId) {
        if (jdbc.sql("SELECT COUNT(*) FROM illumera_sync_run WHERE id = ? AND organisation_id = ? AND outcome <> 'RUNNING'")
                .params(runId, organisationId).query(Integer.class).single() == 0) {
            throw new NotFoundException("Sync run", runId);
        }
        record Item(Long entryId, String action, String changes, Instant at, String title) {
        }
        List<Item> items = jdbc.sql("""
                        SELECT i.align_id, i.action, i.changes, i.at, e.title FROM illumera_sync_item i
                        LEFT JOIN entry e ON e.id = i.align_id AND e.organisation_id = i.organisation_id
                        WHERE i.organisation_id = ? AND i.run_id = ? AND i.record_type = 'ENTRY'
                          AND i.action IN ('UPDATED', 'CREATED', 'DELETED') ORDER BY i.id""")
                .params(organisationId, runId)
                .query((rs, n) -> new Item(rs.getObject(1, Long.class), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5)))
                .list();
        List<Step> steps = new ArrayList<>();
        Values values = values(organisationId);
        for (Item item : items) {
            long entryId = item.entryId() == null ? 0 : item.entryId();
            if (!"UPDATED".equals(item.action())) {
                steps.add(new Step(entryId, item.title(), "", "the record", "", "", false, "CREATED".equals(item.action())
                        ? "Created by the run: an undo does not delete records (delete it yourself if it should go)."
                        : "Deleted or archived by the run: an undo does not bring records back.", "", ""));
                continue;
            }
            Map<String, Object> changes = item.changes() == null ? Map.of() : json.readValue(item.changes(), CHANGES);
            for (var change : changes.entrySet()) {
                List<?> pair = change.getValue() instanceof List<?> list ? list : List.of();
                String before = pair.isEmpty() || pair.get(0) == null ? null : pair.get(0).toString();
                String after = pair.size() < 2 || pair.get(1) == null ? null : pair.get(1).toString();
                String label = label(change.getKey());
                String reason = item.title() == null ? "The entry no longer exists."
                        : !ENTRY_FIELDS.containsKey(change.getKey()) ? "This field is not undone."
                        : changedSince(organisationId, entryId, ENTRY_FIELDS.get(change.getKey()), item.at());
                steps.add(new Step(entryId, item.title(), change.getKey(), label, before, after, reason == null, reason,
                        values.shown(change.getKey(), before), values.shown(change.getKey(), after)));
            }
        }
        return new Plan(runId, steps, 0);
    }

    /** Why the field cannot be undone because someone or something changed it after the run, or null. */
    private String changedSince(long organisationId, long entryId, String field, Instant runAt) {
        return jdbc.sql("""
                        SELECT COALESCE(u.display_name, 'the sync'), c.occurred_at FROM entry_change c
                        LEFT JOIN app_user u ON u.id = c.actor_user_id
                        WHERE c.organisation_id = ? AND c.entry_id = ? AND c.field = ? AND c.occurred_at > ?
                        ORDER BY c.id DESC LIMIT 1""")
                .params(organisationId, entryId, field, Timestamp.from(runAt))
                .query((rs, n) -> "Changed since the run (by " + rs.getString(1) + "): kept as it is.")
                .optional().orElse(null);
    }

    private static String label(String field) {
        try {
            return AlignField.valueOf(field).label();
        } catch (IllegalArgumentException e) {
            return field;
        }
    }

    /** The stored (normalised) values turned back into Align's: statuses by the saved table, people by e-mail. */
    private record Values(Map<String, EntryStatus> statuses, List<Person> people, Map<Long, String> releases) {
        String shown(String field, String value) {
            if (value == null) {
                return "—";
            }
            if (AlignField.ENTRY_STATUS.name().equals(field)) {
                return statuses.containsKey(value) ? statuses.get(value).label() : value;
            }
            if (AlignField.ASSIGNED_USER.name().equals(field)) {
                return people.stream().filter(p -> p.email().equalsIgnoreCase(value)).findFirst()
                        .map(Person::displayName).orElse(value);
            }
            if (AlignField.RELEASE.name().equals(field)) {
                return releases.getOrDefault(Long.valueOf(value), "release #" + value);
            }
            return value;
        }

        EntryStatus status(String key, EntryStatus current) {
            EntryStatus mapped = key == null ? null : statuses.get(key);
            return mapped == null ? current : mapped;
        }

        Long person(String email) {
            return email == null ? null : people.stream().filter(p -> p.email().equalsIgnoreCase(email)).findFirst()
                    .map(Person::userId).orElseThrow(() -> new InvalidInputException("assigneeId",
                            email + " is no longer a member of this organisation."));
        }
    }

    private Values values(long organisationId) {
        Map<String, EntryStatus> statuses = jdbc.sql("SELECT settings FROM illumera_settings WHERE organisation_id = ?")
                .param(organisationId).query(String.class).optional()
                .map(s -> json.readValue(s, AddOnSettings.class).mapping().statuses().toAlign()).orElse(Map.of());
        Map<Long, String> releaseNames = new java.util.HashMap<>();
        jdbc.sql("SELECT id, name FROM work_release WHERE organisation_id = ?").param(organisationId)
                .query((rs, n) -> releaseNames.put(rs.getLong(1), rs.getString(2))).list();
        return new Values(statuses, organisations.people(), releaseNames);
    }
}
