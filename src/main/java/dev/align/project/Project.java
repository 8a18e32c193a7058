package dev.align.project;

import dev.align.outbox.ChangeOrigin;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;

@Table("project")
public class Project {

    @Id
    private Long id;
    private long organisationId;
    private String name;
    private String description;
    @Version
    private int version;
    private Instant createdAt;
    private Instant updatedAt;
    private ChangeOrigin lastChangeOrigin;
    private Long lastChangedBy;

    Project() {
    }

    Project(long organisationId) {
        this.organisationId = organisationId;
        this.createdAt = Instant.now();
    }

    void apply(ProjectDraft draft, ChangeOrigin origin, Long userId) {
        this.name = draft.name();
        this.description = draft.description();
        this.updatedAt = Instant.now();
        this.lastChangeOrigin = origin;
        this.lastChangedBy = userId;
    }

    public Long getId() {
        return id;
    }

    public long getOrganisationId() {
        return organisationId;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public int getVersion() {
        return version;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public ChangeOrigin getLastChangeOrigin() {
        return lastChangeOrigin;
    }
}
