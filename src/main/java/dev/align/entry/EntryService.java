package dev.align.entry;

import dev.align.base.FieldErrors;
import dev.align.base.InvalidInputException;
import dev.align.base.Like;
import dev.align.base.NotFoundException;
import dev.align.entry.repository.EntryChanges;
import dev.align.entry.repository.EntryRepository;
import dev.align.organisation.OrganisationService;
import dev.align.outbox.ChangeOrigin;
import dev.align.outbox.ChangeType;
import dev.align.outbox.Outbox;
import dev.align.outbox.WorkChange;
import dev.align.project.ProjectService;
import dev.align.release.Release;
import dev.align.release.ReleaseService;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Sort;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;

/** Entries (work items) of the current organisation; every member creates and changes them. */
@Service
@Transactional(readOnly = true)
public class EntryService {

    private final EntryRepository entries;
    private final JdbcAggregateTemplate template;
    private final ProjectService projects;
    private final ReleaseService releases;
    private final OrganisationService organisations;
    private final Outbox outbox;
    private final EntryChanges changes;
    private final Clock clock;

    EntryService(EntryRepository entries, JdbcAggregateTemplate template, ProjectService projects,
                 ReleaseService releases, OrganisationService organisations, Outbox outbox, EntryChanges changes,
                 Clock clock) {
        this.changes = changes;
        this.entries = entries;
        this.template = template;
        this.projects = projects;
        this.releases = releases;
        this.organisations = organisations;
        this.outbox = outbox;
        this.clock = clock;
    }

    @PreAuthorize(Access.ORG_MEMBER)
    public List<Entry> list(EntryFilter filter, int offset, int limit) {
        Criteria criteria = Criteria.where("organisationId").is(CurrentUser.organisationId());
        if (filter.titleContains() != null && !filter.titleContains().isBlank()) {
            criteria = criteria.and("title").like(Like.containing(filter.titleContains().strip()));
        }
        if (filter.status() != null) {
            criteria = criteria.and("status").is(filter.status().name());
        }
        if (filter.projectId() != null) {
            criteria = criteria.and("projectId").is(filter.projectId());
        }
        if (filter.assigneeId() != null) {
            criteria = criteria.and("assigneeId").is(filter.assigneeId());
        }
        return template.findAll(Query.query(criteria).sort(Sort.by(Sort.Direction.DESC, "updatedAt", "id"))
                .offset(offset).limit(limit), Entry.class);
    }

    @PreAuthorize(Access.ORG_MEMBER_OR_SYNC)
    public Entry get(long id) {
        return entries.findByIdAndOrganisationId(id, CurrentUser.organisationId())
                .orElseThrow(() -> new NotFoundException("Entry", id));
    }

    @PreAuthorize(Access.ORG_MEMBER)
    @Transactional
    public Entry create(EntryDraft draft) {
        long organisationId = CurrentUser.organisationId();
        EntryDraft valid = validate(draft, null);
        Entry entry = new Entry(organisationId);
        Set<String> fields = entry.apply(valid, ChangeOrigin.PERSON, userId());
        Entry saved = entries.save(entry);
        changes.record(organisationId, saved.getId(), Map.of(), saved.values(), ChangeOrigin.PERSON.name(), userId(),
                clock.instant());
        outbox.record(new WorkChange(organisationId, ChangeType.ENTRY_CREATED, saved.getId(), fields, false,
                ChangeOrigin.PERSON, userId()));
        return saved;
    }

    /** Refused with {@link OptimisticLockingFailureException} when someone else saved the entry meanwhile. */
    @PreAuthorize(Access.ORG_MEMBER)
    @Transactional
    public Entry update(long id, int expectedVersion, EntryDraft draft) {
        Entry entry = current(id, expectedVersion);
        EntryDraft valid = validate(draft, entry);
        Map<String, String> before = entry.values();
        Set<String> changed = entry.apply(valid, ChangeOrigin.PERSON, userId());
        if (changed.isEmpty()) {
            return entry;
        }
        Entry saved = entries.save(entry);
        changes.record(entry.getOrganisationId(), id, before, saved.values(), ChangeOrigin.PERSON.name(), userId(),
                clock.instant());
        outbox.record(new WorkChange(entry.getOrganisationId(), ChangeType.ENTRY_CHANGED, id, changed,
                changed.contains("status"), ChangeOrigin.PERSON, userId()));
        return saved;
    }

    @PreAuthorize(Access.ORG_MEMBER)
    @Transactional
    public void delete(long id, int expectedVersion) {
        Entry entry = current(id, expectedVersion);
        entries.delete(entry);
        outbox.record(new WorkChange(entry.getOrganisationId(), ChangeType.ENTRY_DELETED, id, Set.of(), false,
                ChangeOrigin.PERSON, userId()));
    }

    /** Entries of the sync's organisation in id order, a page at a time (the initial sync's full read). */
    @PreAuthorize(Access.SYNC)
    public List<Entry> pageForSync(long afterId, int limit) {
        return template.findAll(Query.query(Criteria.where("organisationId").is(CurrentUser.organisationId())
                .and("id").greaterThan(afterId)).sort(Sort.by("id")).limit(limit), Entry.class);
    }

    /** The given entries of the sync's organisation that still exist (others' ids are ignored). */
    @PreAuthorize(Access.SYNC)
    public List<Entry> forSync(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return template.findAll(Query.query(Criteria.where("organisationId").is(CurrentUser.organisationId())
                .and("id").in(ids)), Entry.class);
    }

    /**
     * Creates ({@code id} null) or changes an entry with values from Illumera, inside the sync's
     * transaction (with its link). The change is recorded as the sync's, so it is never pushed back;
     * validation is a person's, except that a due date already in the past is accepted as it is.
     * {@code expectedVersion} refuses the write when a person saved the entry since the sync read it.
     */
    @PreAuthorize(Access.SYNC)
    @Transactional(propagation = Propagation.MANDATORY)
    public Entry writeFromSync(Long id, Integer expectedVersion, EntryDraft draft) {
        long organisationId = CurrentUser.organisationId();
        Entry entry = id == null ? new Entry(organisationId) : current(id, expectedVersion);
        EntryDraft valid = validate(draft, entry.getId() == null ? null : entry, true);
        Map<String, String> before = id == null ? Map.of() : entry.values();
        Set<String> changed = entry.apply(valid, ChangeOrigin.SYNC, null);
        if (changed.isEmpty()) {
            return entry;
        }
        Entry saved = entries.save(entry);
        changes.record(organisationId, saved.getId(), before, saved.values(), ChangeOrigin.SYNC.name(), null,
                clock.instant());
        outbox.record(new WorkChange(organisationId, id == null ? ChangeType.ENTRY_CREATED : ChangeType.ENTRY_CHANGED,
                saved.getId(), changed, changed.contains("status"), ChangeOrigin.SYNC, null));
        return saved;
    }

    /** The entry's field history, newest first, before {@code beforeId} (null: from the newest). */
    @PreAuthorize(Access.ORG_MEMBER)
    public List<EntryChange> changes(long entryId, Long beforeId, int limit) {
        Entry entry = get(entryId);
        Map<Long, String> people = new HashMap<>();
        organisations.people().forEach(p -> people.put(p.userId(), p.displayName()));
        Map<Long, String> releaseNames = new HashMap<>();
        releases.all().forEach(r -> releaseNames.put(r.getId(), r.getName()));
        Map<Long, String> projectNames = new HashMap<>();
        projects.all().forEach(p -> projectNames.put(p.getId(), p.getName()));
        return changes.page(entry.getOrganisationId(), entryId, beforeId == null ? Long.MAX_VALUE : beforeId,
                        Math.clamp(limit, 1, 200)).stream()
                .map(row -> new EntryChange(row.id(), row.entryId(), row.field(), FIELD_LABELS.getOrDefault(row.field(),
                        row.field()), display(row.field(), row.before(), people, releaseNames, projectNames),
                        display(row.field(), row.after(), people, releaseNames, projectNames),
                        ChangeOrigin.valueOf(row.origin()), row.actorName(), row.occurredAt()))
                .toList();
    }

    /**
     * Writes back the value one earlier change set, as this person's change: checked like any edit,
     * in the outbox (so the sync carries it on) and in the entry's history.
     */
    @PreAuthorize(Access.ORG_MEMBER)
    @Transactional
    public Entry restore(long entryId, long changeId) {
        Entry entry = get(entryId);
        var change = changes.find(entry.getOrganisationId(), entryId, changeId)
                .orElseThrow(() -> new NotFoundException("Change", changeId));
        return update(entryId, entry.getVersion(), with(draftOf(entry), change.field(), change.after()));
    }

    /**
     * Undoes these changes of one entry: each field gets the value it had before its change, as this
     * person's edit. Refused, writing nothing, when any of the fields changed again after its change
     * (someone's newer edit is never overwritten).
     */
    @PreAuthorize(Access.ORG_MEMBER)
    @Transactional
    public Entry revert(long entryId, Collection<Long> changeIds) {
        Entry entry = get(entryId);
        EntryDraft draft = draftOf(entry);
        for (long changeId : changeIds) {
            var change = changes.find(entry.getOrganisationId(), entryId, changeId)
                    .orElseThrow(() -> new NotFoundException("Change", changeId));
            if (changes.changedSince(entry.getOrganisationId(), entryId, change.field(), changeId)) {
                throw new InvalidInputException(change.field(), FIELD_LABELS.getOrDefault(change.field(), change.field())
                        + " changed again since; it is kept as it is.");
            }
            draft = with(draft, change.field(), change.before());
        }
        return update(entryId, entry.getVersion(), draft);
    }

    /** A change a sync run carried, and whether the field changed again after it. */
    public record Carried(EntryChange change, boolean changedSince) {
    }

    /**
     * The change of {@code field} (the history's name) made by {@code origin} at or before {@code at}: for
     * a sync run that wrote Align, its own write; for one that sent Align's value on, the edit it sent.
     */
    @PreAuthorize(Access.ORG_MEMBER)
    public Optional<Carried> carried(long entryId, String field, ChangeOrigin origin, Instant at) {
        Entry entry = get(entryId);
        return changes.latestBefore(entry.getOrganisationId(), entryId, field, origin.name(), at)
                .map(row -> new Carried(changes(entryId, row.id() + 1, 1).getFirst(),
                        changes.changedSince(entry.getOrganisationId(), entryId, field, row.id())));
    }

    private static EntryDraft draftOf(Entry entry) {
        return new EntryDraft(entry.getProjectId(), entry.getReleaseId(), entry.getTitle(), entry.getStatus(),
                entry.getAssigneeId(), entry.getDueDate(), entry.getTrackedMinutes());
    }

    /** The draft with one field set to a value as the entry's history stores it. */
    private static EntryDraft with(EntryDraft now, String field, String value) {
        return switch (field) {
            case "title" -> new EntryDraft(now.projectId(), now.releaseId(), value, now.status(), now.assigneeId(),
                    now.dueDate(), now.trackedMinutes());
            case "status" -> new EntryDraft(now.projectId(), now.releaseId(), now.title(),
                    value == null ? null : EntryStatus.valueOf(value), now.assigneeId(), now.dueDate(),
                    now.trackedMinutes());
            case "assignee" -> new EntryDraft(now.projectId(), now.releaseId(), now.title(), now.status(),
                    value == null ? null : Long.valueOf(value), now.dueDate(), now.trackedMinutes());
            case "project" -> new EntryDraft(value == null ? null : Long.valueOf(value), null, now.title(), now.status(),
                    now.assigneeId(), now.dueDate(), now.trackedMinutes());
            case "release" -> new EntryDraft(now.projectId(), value == null ? null : Long.valueOf(value), now.title(),
                    now.status(), now.assigneeId(), now.dueDate(), now.trackedMinutes());
            case "dueDate" -> new EntryDraft(now.projectId(), now.releaseId(), now.title(), now.status(),
                    now.assigneeId(), value == null ? null : LocalDate.parse(value), now.trackedMinutes());
            case "trackedMinutes" -> new EntryDraft(now.projectId(), now.releaseId(), now.title(), now.status(),
                    now.assigneeId(), now.dueDate(), value == null ? 0 : Integer.valueOf(value));
            default -> throw new InvalidInputException(field, "This field cannot be restored.");
        };
    }

    static final Map<String, String> FIELD_LABELS = Map.of("title", "Title", "status", "Status", "assignee",
            "Assignee", "project", "Project", "release", "Release", "dueDate", "Due date", "trackedMinutes",
            "Tracked minutes");

    private static String display(String field, String value, Map<Long, String> people, Map<Long, String> releases,
                                  Map<Long, String> projects) {
        if (value == null) {
            return "—";
        }
        return switch (field) {
            case "status" -> EntryStatus.valueOf(value).label();
            case "assignee" -> people.getOrDefault(Long.valueOf(value), "a former member");
            case "release" -> releases.getOrDefault(Long.valueOf(value), "a deleted release");
            case "project" -> projects.getOrDefault(Long.valueOf(value), "a deleted project");
            default -> value;
        };
    }

    private Entry current(long id, Integer expectedVersion) {
        Entry entry = get(id);
        if (expectedVersion != null && entry.getVersion() != expectedVersion) {
            throw new OptimisticLockingFailureException("Entry " + id + " was changed by someone else");
        }
        return entry;
    }

    private EntryDraft validate(EntryDraft draft, Entry existing) {
        return validate(draft, existing, false);
    }

    private EntryDraft validate(EntryDraft draft, Entry existing, boolean fromSync) {
        var errors = new FieldErrors();
        String title = errors.text("title", draft.title(), true, EntryDraft.TITLE_MAX, false);
        if (draft.status() == null) {
            errors.reject("status", "Choose a status.");
        }
        if (draft.projectId() == null) {
            errors.reject("projectId", "Choose a project.");
        } else {
            projects.get(draft.projectId()); // refuses projects of other organisations
        }
        if (draft.releaseId() != null) {
            Release release = releases.get(draft.releaseId());
            if (draft.projectId() != null && release.getProjectId() != draft.projectId()) {
                errors.reject("releaseId", "This release belongs to another project.");
            }
        }
        if (draft.assigneeId() != null && organisations.person(draft.assigneeId()).isEmpty()) {
            errors.reject("assigneeId", "The assignee must be a member of this organisation.");
        }
        boolean dueDateUnchanged = existing != null && Objects.equals(existing.getDueDate(), draft.dueDate());
        if (draft.dueDate() != null && !dueDateUnchanged && !fromSync && draft.dueDate().isBefore(LocalDate.now(clock))) {
            errors.reject("dueDate", "The due date cannot be in the past.");
        }
        // An empty field on an existing entry keeps its tracked time; only a new entry starts at 0.
        int minutes = draft.trackedMinutes() != null ? draft.trackedMinutes()
                : existing == null ? 0 : existing.getTrackedMinutes();
        if (minutes < 0 || minutes > EntryDraft.TRACKED_MINUTES_MAX) {
            errors.reject("trackedMinutes", "Tracked time must be between 0 and " + EntryDraft.TRACKED_MINUTES_MAX
                    + " minutes.");
        }
        errors.throwIfAny();
        return new EntryDraft(draft.projectId(), draft.releaseId(), title, draft.status(), draft.assigneeId(),
                draft.dueDate(), minutes);
    }

    private static long userId() {
        return CurrentUser.require().userId();
    }
}
