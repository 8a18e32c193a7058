package dev.align.entry;

import dev.align.base.FieldErrors;
import dev.align.base.Like;
import dev.align.base.NotFoundException;
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
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
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
    private final Clock clock;

    EntryService(EntryRepository entries, JdbcAggregateTemplate template, ProjectService projects,
                 ReleaseService releases, OrganisationService organisations, Outbox outbox, Clock clock) {
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
        Set<String> changed = entry.apply(valid, ChangeOrigin.PERSON, userId());
        if (changed.isEmpty()) {
            return entry;
        }
        Entry saved = entries.save(entry);
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
        Set<String> changed = entry.apply(valid, ChangeOrigin.SYNC, null);
        if (changed.isEmpty()) {
            return entry;
        }
        Entry saved = entries.save(entry);
        outbox.record(new WorkChange(organisationId, id == null ? ChangeType.ENTRY_CREATED : ChangeType.ENTRY_CHANGED,
                saved.getId(), changed, changed.contains("status"), ChangeOrigin.SYNC, null));
        return saved;
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
