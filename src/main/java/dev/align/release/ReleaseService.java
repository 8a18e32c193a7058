package dev.align.release;

import dev.align.base.DataErrors;
import dev.align.base.FieldErrors;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.outbox.ChangeOrigin;
import dev.align.outbox.ChangeType;
import dev.align.outbox.Outbox;
import dev.align.outbox.WorkChange;
import dev.align.project.ProjectService;
import dev.align.release.repository.ReleaseRepository;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Releases of the current organisation's projects: planned, then published. */
@Service
@Transactional(readOnly = true)
public class ReleaseService {

    private static final String DUPLICATE = "This project already has a release with this name.";

    private final ReleaseRepository releases;
    private final JdbcAggregateTemplate template;
    private final ProjectService projects;
    private final Outbox outbox;
    private final Clock clock;

    ReleaseService(ReleaseRepository releases, JdbcAggregateTemplate template, ProjectService projects,
                   Outbox outbox, Clock clock) {
        this.releases = releases;
        this.template = template;
        this.projects = projects;
        this.outbox = outbox;
        this.clock = clock;
    }

    @PreAuthorize(Access.ORG_MEMBER)
    public List<Release> list(Long projectId, ReleaseStatus status, int offset, int limit) {
        Criteria criteria = Criteria.where("organisationId").is(CurrentUser.organisationId());
        if (projectId != null) {
            criteria = criteria.and("projectId").is(projectId);
        }
        if (status != null) {
            criteria = criteria.and("status").is(status.name());
        }
        return template.findAll(Query.query(criteria).sort(Sort.by("releaseDate", "name", "id"))
                .offset(offset).limit(limit), Release.class);
    }

    /** All releases of the organisation, for choosers. */
    @PreAuthorize(Access.ORG_MEMBER_OR_SYNC)
    public List<Release> all() {
        return releases.findByOrganisationIdOrderByReleaseDateAscNameAsc(CurrentUser.organisationId());
    }

    @PreAuthorize(Access.ORG_MEMBER_OR_SYNC)
    public Release get(long id) {
        return releases.findByIdAndOrganisationId(id, CurrentUser.organisationId())
                .orElseThrow(() -> new NotFoundException("Release", id));
    }

    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public Release create(ReleaseDraft draft) {
        long organisationId = CurrentUser.organisationId();
        var errors = new FieldErrors();
        String name = errors.text("name", draft.name(), true, ReleaseDraft.NAME_MAX, false);
        if (draft.projectId() == null) {
            errors.reject("projectId", "Choose a project.");
        } else {
            projects.get(draft.projectId()); // refuses projects of other organisations
            if (name != null && releases.existsByProjectIdAndName(draft.projectId(), name)) {
                errors.reject("name", DUPLICATE);
            }
        }
        checkDate(errors, draft.releaseDate(), null);
        errors.throwIfAny();
        Release release = new Release(organisationId, draft.projectId());
        release.apply(name, draft.releaseDate(), ChangeOrigin.PERSON, userId());
        Release saved = DataErrors.translate(() -> releases.save(release), "name", DUPLICATE);
        outbox.record(new WorkChange(organisationId, ChangeType.RELEASE_CREATED, saved.getId(),
                Set.of("name", "releaseDate"), false, ChangeOrigin.PERSON, userId()));
        return saved;
    }

    /** Renames or re-dates a release; it stays in its project. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public Release update(long id, int expectedVersion, ReleaseDraft draft) {
        Release release = current(id, expectedVersion);
        var errors = new FieldErrors();
        String name = errors.text("name", draft.name(), true, ReleaseDraft.NAME_MAX, false);
        if (draft.projectId() != null && draft.projectId() != release.getProjectId()) {
            errors.reject("projectId", "A release cannot move to another project.");
        }
        if (name != null && releases.existsByProjectIdAndNameAndIdNot(release.getProjectId(), name, id)) {
            errors.reject("name", DUPLICATE);
        }
        checkDate(errors, draft.releaseDate(), release);
        errors.throwIfAny();
        Set<String> changed = new LinkedHashSet<>();
        if (!Objects.equals(name, release.getName())) {
            changed.add("name");
        }
        if (!Objects.equals(draft.releaseDate(), release.getReleaseDate())) {
            changed.add("releaseDate");
        }
        if (changed.isEmpty()) {
            return release;
        }
        release.apply(name, draft.releaseDate(), ChangeOrigin.PERSON, userId());
        Release saved = DataErrors.translate(() -> releases.save(release), "name", DUPLICATE);
        outbox.record(new WorkChange(release.getOrganisationId(), ChangeType.RELEASE_CHANGED, id, changed, false,
                ChangeOrigin.PERSON, userId()));
        return saved;
    }

    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public Release publish(long id, int expectedVersion) {
        Release release = current(id, expectedVersion);
        if (release.getStatus() == ReleaseStatus.PUBLISHED) {
            throw new InvalidInputException("status", "This release is already published.");
        }
        release.publish(ChangeOrigin.PERSON, userId());
        Release saved = releases.save(release);
        outbox.record(new WorkChange(release.getOrganisationId(), ChangeType.RELEASE_PUBLISHED, id,
                Set.of("status"), true, ChangeOrigin.PERSON, userId()));
        return saved;
    }

    /**
     * A release for an Illumera sprint, created by the sync inside its transaction (with the link).
     * A sprint's end date may lie in the past; a name taken in the project is refused like a person's.
     */
    @PreAuthorize(Access.SYNC)
    @Transactional(propagation = Propagation.MANDATORY)
    public Release createFromSync(long projectId, String name, LocalDate releaseDate) {
        long organisationId = CurrentUser.organisationId();
        var errors = new FieldErrors();
        String valid = errors.text("name", name, true, ReleaseDraft.NAME_MAX, false);
        projects.get(projectId); // refuses projects of other organisations
        if (valid != null && releases.existsByProjectIdAndName(projectId, valid)) {
            errors.reject("name", DUPLICATE);
        }
        errors.throwIfAny();
        Release release = new Release(organisationId, projectId);
        release.apply(valid, releaseDate, ChangeOrigin.SYNC, null);
        Release saved = DataErrors.translate(() -> releases.save(release), "name", DUPLICATE);
        outbox.record(new WorkChange(organisationId, ChangeType.RELEASE_CREATED, saved.getId(),
                Set.of("name", "releaseDate"), false, ChangeOrigin.SYNC, null));
        return saved;
    }

    /**
     * A release changed by the sync to mirror its sprint: name, date (a past date is the sprint's own)
     * and status (a closed sprint publishes it, a reopened one plans it again). Only what differs is
     * written; a name taken in the project is refused like a person's.
     */
    @PreAuthorize(Access.SYNC)
    @Transactional
    public Release writeFromSync(long id, int expectedVersion, String name, LocalDate releaseDate, ReleaseStatus status) {
        Release release = current(id, expectedVersion);
        var errors = new FieldErrors();
        String valid = errors.text("name", name, true, ReleaseDraft.NAME_MAX, false);
        if (valid != null && releases.existsByProjectIdAndNameAndIdNot(release.getProjectId(), valid, id)) {
            errors.reject("name", DUPLICATE);
        }
        errors.throwIfAny();
        Set<String> changed = new LinkedHashSet<>();
        if (!Objects.equals(valid, release.getName())) {
            changed.add("name");
        }
        if (!Objects.equals(releaseDate, release.getReleaseDate())) {
            changed.add("releaseDate");
        }
        if (!changed.isEmpty()) {
            release.apply(valid, releaseDate, ChangeOrigin.SYNC, null);
        }
        boolean published = status != release.getStatus() && status == ReleaseStatus.PUBLISHED;
        if (status != release.getStatus()) {
            changed.add("status");
            if (published) {
                release.publish(ChangeOrigin.SYNC, null);
            } else {
                release.reopen(ChangeOrigin.SYNC);
            }
        }
        if (changed.isEmpty()) {
            return release;
        }
        Release saved = DataErrors.translate(() -> releases.save(release), "name", DUPLICATE);
        outbox.record(new WorkChange(release.getOrganisationId(), published ? ChangeType.RELEASE_PUBLISHED
                : ChangeType.RELEASE_CHANGED, id, changed, false, ChangeOrigin.SYNC, null));
        return saved;
    }

    private Release current(long id, int expectedVersion) {
        Release release = get(id);
        if (release.getVersion() != expectedVersion) {
            throw new OptimisticLockingFailureException("Release " + id + " was changed by someone else");
        }
        return release;
    }

    /** A planned date may not be set into the past; an unchanged date of an existing release is kept. */
    private void checkDate(FieldErrors errors, LocalDate date, Release existing) {
        boolean unchanged = existing != null && Objects.equals(existing.getReleaseDate(), date);
        if (date != null && !unchanged && date.isBefore(LocalDate.now(clock))) {
            errors.reject("releaseDate", "The release date cannot be in the past.");
        }
    }

    private static long userId() {
        return CurrentUser.require().userId();
    }
}
