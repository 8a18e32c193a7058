package dev.align.project;

import dev.align.base.FieldErrors;
import dev.align.base.DataErrors;
import dev.align.base.Like;
import dev.align.base.NotFoundException;
import dev.align.outbox.ChangeOrigin;
import dev.align.outbox.ChangeType;
import dev.align.outbox.Outbox;
import dev.align.outbox.WorkChange;
import dev.align.project.repository.ProjectRepository;
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

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Projects of the current organisation. Everyone reads them; Owners and Admins change them. */
@Service
@Transactional(readOnly = true)
public class ProjectService {

    private final ProjectRepository projects;
    private final JdbcAggregateTemplate template;
    private final Outbox outbox;

    ProjectService(ProjectRepository projects, JdbcAggregateTemplate template, Outbox outbox) {
        this.projects = projects;
        this.template = template;
        this.outbox = outbox;
    }

    @PreAuthorize(Access.ORG_MEMBER)
    public List<Project> list(String nameContains, int offset, int limit) {
        Criteria criteria = Criteria.where("organisationId").is(CurrentUser.organisationId());
        if (nameContains != null && !nameContains.isBlank()) {
            criteria = criteria.and("name").like(Like.containing(nameContains.strip()));
        }
        return template.findAll(Query.query(criteria).sort(Sort.by("name", "id")).offset(offset).limit(limit),
                Project.class);
    }

    /** All projects, for choosers; an organisation has tens of them, not thousands. */
    @PreAuthorize(Access.ORG_MEMBER_OR_SYNC)
    public List<Project> all() {
        return projects.findByOrganisationIdOrderByName(CurrentUser.organisationId());
    }

    @PreAuthorize(Access.ORG_MEMBER_OR_SYNC)
    public Project get(long id) {
        return projects.findByIdAndOrganisationId(id, CurrentUser.organisationId())
                .orElseThrow(() -> new NotFoundException("Project", id));
    }

    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public Project create(ProjectDraft draft) {
        long organisationId = CurrentUser.organisationId();
        ProjectDraft valid = validate(organisationId, draft, null);
        Project project = new Project(organisationId);
        project.apply(valid, ChangeOrigin.PERSON, CurrentUser.require().userId());
        Project saved = save(project);
        outbox.record(new WorkChange(organisationId, ChangeType.PROJECT_CREATED, saved.getId(),
                Set.of("name", "description"), false, ChangeOrigin.PERSON, CurrentUser.require().userId()));
        return saved;
    }

    /** Refused with {@link OptimisticLockingFailureException} when someone else saved the project meanwhile. */
    @PreAuthorize(Access.ORG_ADMIN)
    @Transactional
    public Project update(long id, int expectedVersion, ProjectDraft draft) {
        long organisationId = CurrentUser.organisationId();
        Project project = current(id, expectedVersion);
        ProjectDraft valid = validate(organisationId, draft, project);
        Set<String> changed = new LinkedHashSet<>();
        if (!Objects.equals(project.getName(), valid.name())) {
            changed.add("name");
        }
        if (!Objects.equals(project.getDescription(), valid.description())) {
            changed.add("description");
        }
        if (changed.isEmpty()) {
            return project;
        }
        project.apply(valid, ChangeOrigin.PERSON, CurrentUser.require().userId());
        Project saved = save(project);
        outbox.record(new WorkChange(organisationId, ChangeType.PROJECT_CHANGED, id, changed, false,
                ChangeOrigin.PERSON, CurrentUser.require().userId()));
        return saved;
    }

    /**
     * A project for an Illumera workspace, created by the sync inside its transaction (with the
     * link). A name taken meanwhile is refused like a person's.
     */
    @PreAuthorize(Access.SYNC)
    @Transactional(propagation = Propagation.MANDATORY)
    public Project createFromSync(String name) {
        long organisationId = CurrentUser.organisationId();
        ProjectDraft valid = validate(organisationId, new ProjectDraft(name, null), null);
        Project project = new Project(organisationId);
        project.apply(valid, ChangeOrigin.SYNC, null);
        Project saved = save(project);
        outbox.record(new WorkChange(organisationId, ChangeType.PROJECT_CREATED, saved.getId(), Set.of("name"), false,
                ChangeOrigin.SYNC, null));
        return saved;
    }

    /** A project renamed by the sync to mirror its workspace; a name taken meanwhile is refused like a person's. */
    @PreAuthorize(Access.SYNC)
    @Transactional
    public Project renameFromSync(long id, int expectedVersion, String name) {
        long organisationId = CurrentUser.organisationId();
        Project project = current(id, expectedVersion);
        ProjectDraft valid = validate(organisationId, new ProjectDraft(name, project.getDescription()), project);
        if (Objects.equals(project.getName(), valid.name())) {
            return project;
        }
        project.apply(valid, ChangeOrigin.SYNC, null);
        Project saved = save(project);
        outbox.record(new WorkChange(organisationId, ChangeType.PROJECT_CHANGED, id, Set.of("name"), false,
                ChangeOrigin.SYNC, null));
        return saved;
    }

    private Project current(long id, int expectedVersion) {
        Project project = get(id);
        if (project.getVersion() != expectedVersion) {
            throw new OptimisticLockingFailureException("Project " + id + " was changed by someone else");
        }
        return project;
    }

    private ProjectDraft validate(long organisationId, ProjectDraft draft, Project existing) {
        var errors = new FieldErrors();
        String name = errors.text("name", draft.name(), true, ProjectDraft.NAME_MAX, false);
        String description = errors.text("description", draft.description(), false,
                ProjectDraft.DESCRIPTION_MAX, true);
        // The database compares names as its collation does (case and accents aside), so ask it.
        boolean taken = name != null && (existing == null
                ? projects.existsByOrganisationIdAndName(organisationId, name)
                : projects.existsByOrganisationIdAndNameAndIdNot(organisationId, name, existing.getId()));
        if (taken) {
            errors.reject("name", "A project with this name already exists.");
        }
        errors.throwIfAny();
        return new ProjectDraft(name, description);
    }

    private Project save(Project project) {
        return DataErrors.translate(() -> projects.save(project), "name", "A project with this name already exists.");
    }
}
