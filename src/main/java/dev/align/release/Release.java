package dev.align.release;

import dev.align.outbox.ChangeOrigin;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import java.time.Instant;
import java.time.LocalDate;

@Table("work_release")
public class Release {

    @Id
    private Long id;
    private long organisationId;
    private long projectId;
    private String name;
    private LocalDate releaseDate;
    private ReleaseStatus status;
    private Instant publishedAt;
    @Version
    private int version;
    private Instant createdAt;
    private Instant updatedAt;
    private ChangeOrigin lastChangeOrigin;
    private Long lastChangedBy;

    Release() {
    }

    Release(long organisationId, long projectId) {
        this.organisationId = organisationId;
        this.projectId = projectId;
        this.status = ReleaseStatus.PLANNED;
        this.createdAt = Instant.now();
    }

    void apply(String name, LocalDate releaseDate, ChangeOrigin origin, Long userId) {
        this.name = name;
        this.releaseDate = releaseDate;
        touch(origin, userId);
    }

    void publish(ChangeOrigin origin, Long userId) {
        this.status = ReleaseStatus.PUBLISHED;
        this.publishedAt = Instant.now();
        touch(origin, userId);
    }

    /** Planned again: only the sync does this, mirroring a sprint reopened in Illumera. */
    void reopen(ChangeOrigin origin) {
        this.status = ReleaseStatus.PLANNED;
        this.publishedAt = null;
        touch(origin, null);
    }

    private void touch(ChangeOrigin origin, Long userId) {
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

    public long getProjectId() {
        return projectId;
    }

    public String getName() {
        return name;
    }

    public LocalDate getReleaseDate() {
        return releaseDate;
    }

    public ReleaseStatus getStatus() {
        return status;
    }

    public Instant getPublishedAt() {
        return publishedAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public int getVersion() {
        return version;
    }

    public ChangeOrigin getLastChangeOrigin() {
        return lastChangeOrigin;
    }
}
