--liquibase formatted sql

--changeset align:work-1
-- Versions start at 1: Spring Data JDBC treats a primitive version of 0 as "new, not yet inserted",
-- so rows written by SQL (demo data, migrations) must not carry 0.
CREATE TABLE project (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id     BIGINT        NOT NULL,
    name                VARCHAR(200)  NOT NULL,
    description         VARCHAR(2000) NULL,
    version             INT           NOT NULL DEFAULT 1,
    created_at          TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at          TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    last_change_origin  VARCHAR(10)   NOT NULL DEFAULT 'PERSON',
    last_changed_by     BIGINT        NULL,
    CONSTRAINT fk_project_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT uk_project_name UNIQUE (organisation_id, name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE work_release (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id     BIGINT        NOT NULL,
    project_id          BIGINT        NOT NULL,
    name                VARCHAR(200)  NOT NULL,
    release_date        DATE          NULL,
    status              VARCHAR(20)   NOT NULL,
    published_at        TIMESTAMP(6)  NULL,
    version             INT           NOT NULL DEFAULT 1,
    created_at          TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at          TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    last_change_origin  VARCHAR(10)   NOT NULL DEFAULT 'PERSON',
    last_changed_by     BIGINT        NULL,
    CONSTRAINT fk_release_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT fk_release_project FOREIGN KEY (project_id) REFERENCES project (id),
    CONSTRAINT uk_release_name UNIQUE (project_id, name),
    INDEX ix_release_org (organisation_id, release_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE entry (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id     BIGINT        NOT NULL,
    project_id          BIGINT        NOT NULL,
    release_id          BIGINT        NULL,
    title               VARCHAR(200)  NOT NULL,
    status              VARCHAR(20)   NOT NULL,
    assignee_id         BIGINT        NULL,
    due_date            DATE          NULL,
    tracked_minutes     INT           NOT NULL DEFAULT 0,
    version             INT           NOT NULL DEFAULT 1,
    created_at          TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at          TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    last_change_origin  VARCHAR(10)   NOT NULL DEFAULT 'PERSON',
    last_changed_by     BIGINT        NULL,
    CONSTRAINT fk_entry_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT fk_entry_project FOREIGN KEY (project_id) REFERENCES project (id),
    CONSTRAINT fk_entry_release FOREIGN KEY (release_id) REFERENCES work_release (id),
    CONSTRAINT fk_entry_assignee FOREIGN KEY (assignee_id) REFERENCES app_user (id),
    INDEX ix_entry_org_updated (organisation_id, updated_at),
    INDEX ix_entry_org_project (organisation_id, project_id),
    INDEX ix_entry_org_status (organisation_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- The outbox: one row per change, written in the transaction of the change (docs/decisions/0002).
CREATE TABLE work_change (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id  BIGINT       NOT NULL,
    change_type      VARCHAR(30)  NOT NULL,
    record_id        BIGINT       NOT NULL,
    changed_fields   VARCHAR(500) NOT NULL DEFAULT '',
    status_changed   BOOLEAN      NOT NULL DEFAULT FALSE,
    origin           VARCHAR(10)  NOT NULL,
    actor_user_id    BIGINT       NULL,
    occurred_at      TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    INDEX ix_work_change_org (organisation_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE work_change; DROP TABLE entry; DROP TABLE work_release; DROP TABLE project;

--changeset align:work-2
-- Every change of an entry's fields, by a person or by the sync: the entry's field history, and the
-- values "restore this value" writes back. Values are stored as Align keeps them (ids, ISO dates).
CREATE TABLE entry_change (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id  BIGINT        NOT NULL,
    entry_id         BIGINT        NOT NULL,
    field            VARCHAR(20)   NOT NULL,
    before_value     TEXT          NULL,
    after_value      TEXT          NULL,
    origin           VARCHAR(10)   NOT NULL,
    actor_user_id    BIGINT        NULL,
    occurred_at      TIMESTAMP(6)  NOT NULL,
    INDEX ix_entry_change_entry (organisation_id, entry_id, id),
    INDEX ix_entry_change_time (organisation_id, occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE entry_change;
