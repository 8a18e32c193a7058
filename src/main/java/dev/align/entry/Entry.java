package dev.align.entry;

import dev.align.outbox.ChangeOrigin;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

@Table("entry")
public class Entry {

    @Id
    private Long id;
    private long organisationId;
    private long projectId;
    private Long releaseId;
    private String title;
    private EntryStatus status;
    private Long assigneeId;
    private LocalDate dueDate;
    private int trackedMinutes;
    @Version
    private int version;
    private Instant createdAt;
    private Instant updatedAt;
    private ChangeOrigin lastChangeOrigin;
    private Long lastChangedBy;

    Entry() {
    }

    Entry(long organisationId) {
        this.organisationId = organisationId;
        this.createdAt = Instant.now();
    }

    /** Applies a validated draft and returns the names of the fields whose values changed. */
    Set<String> apply(EntryDraft draft, ChangeOrigin origin, Long userId) {
        Set<String> changed = new LinkedHashSet<>();
        if (!Objects.equals(projectId, draft.projectId())) {
            changed.add("project");
        }
        if (!Objects.equals(releaseId, draft.releaseId())) {
            changed.add("release");
        }
        if (!Objects.equals(title, draft.title())) {
            changed.add("title");
        }
        if (status != draft.status()) {
            changed.add("status");
        }
        if (!Objects.equals(assigneeId, draft.assigneeId())) {
            changed.add("assignee");
        }
        if (!Objects.equals(dueDate, draft.dueDate())) {
            changed.add("dueDate");
        }
        if (trackedMinutes != draft.trackedMinutes()) {
            changed.add("trackedMinutes");
        }
        projectId = draft.projectId();
        releaseId = draft.releaseId();
        title = draft.title();
        status = draft.status();
        assigneeId = draft.assigneeId();
        dueDate = draft.dueDate();
        trackedMinutes = draft.trackedMinutes();
        if (!changed.isEmpty()) {
            updatedAt = Instant.now();
            lastChangeOrigin = origin;
            lastChangedBy = userId;
        }
        return changed;
    }

    /** The fields a person sees, as the entry's history stores them (ids, ISO dates; null when empty). */
    java.util.Map<String, String> values() {
        var values = new java.util.LinkedHashMap<String, String>();
        values.put("title", title);
        values.put("status", status == null ? null : status.name());
        values.put("assignee", assigneeId == null ? null : assigneeId.toString());
        values.put("project", Long.toString(projectId));
        values.put("release", releaseId == null ? null : releaseId.toString());
        values.put("dueDate", dueDate == null ? null : dueDate.toString());
        values.put("trackedMinutes", Integer.toString(trackedMinutes));
        return values;
    }

    public Long getId() {
        return id;
    }

    public long getOrganisationId() {
        return organisationId;
    }

    public long getProjectId() {
        return projectId;
    }

    public Long getReleaseId() {
        return releaseId;
    }

    public String getTitle() {
        return title;
    }

    public EntryStatus getStatus() {
        return status;
    }

    public Long getAssigneeId() {
        return assigneeId;
    }

    public LocalDate getDueDate() {
        return dueDate;
    }

    public int getTrackedMinutes() {
        return trackedMinutes;
    }

    public int getVersion() {
        return version;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public ChangeOrigin getLastChangeOrigin() {
        return lastChangeOrigin;
    }

    public Long getLastChangedBy() {
        return lastChangedBy;
    }
}
