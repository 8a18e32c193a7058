--liquibase formatted sql

--changeset align:sandbox-1 context:sandbox
-- The Illumera sandbox's own store: never read or written by Align's modules (only by dev.align.sandbox).
CREATE TABLE sbx_api_key (
    id           VARCHAR(40)  NOT NULL PRIMARY KEY,
    key_hash     CHAR(64)     NOT NULL,
    label        VARCHAR(200) NOT NULL,
    created_at   TIMESTAMP(3) NOT NULL,
    expires_at   TIMESTAMP(3) NOT NULL,
    revoked      BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT uk_sbx_api_key_hash UNIQUE (key_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_key_workspace (
    key_id        VARCHAR(40) NOT NULL,
    workspace_id  VARCHAR(40) NOT NULL,
    PRIMARY KEY (key_id, workspace_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_workspace (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    name          VARCHAR(500) NOT NULL,
    archived      BOOLEAN      NOT NULL DEFAULT FALSE,
    external_ref  VARCHAR(255) NULL,
    created_at    TIMESTAMP(3) NOT NULL,
    updated_at    TIMESTAMP(3) NOT NULL,
    version       INT          NOT NULL,
    INDEX ix_sbx_workspace_feed (updated_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_status (
    workspace_id  VARCHAR(40)  NOT NULL,
    status_key    VARCHAR(64)  NOT NULL,
    name          VARCHAR(200) NOT NULL,
    category      VARCHAR(20)  NOT NULL,
    position      INT          NOT NULL,
    PRIMARY KEY (workspace_id, status_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_field (
    workspace_id  VARCHAR(40)   NOT NULL,
    field_key     VARCHAR(64)   NOT NULL,
    name          VARCHAR(200)  NOT NULL,
    field_type    VARCHAR(20)   NOT NULL,
    options       VARCHAR(4000) NOT NULL DEFAULT '',
    position      INT           NOT NULL,
    PRIMARY KEY (workspace_id, field_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_member (
    id     VARCHAR(40)  NOT NULL PRIMARY KEY,
    email  VARCHAR(320) NOT NULL,
    name   VARCHAR(200) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_workspace_member (
    workspace_id  VARCHAR(40) NOT NULL,
    member_id     VARCHAR(40) NOT NULL,
    PRIMARY KEY (workspace_id, member_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_task (
    id             VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id   VARCHAR(40)  NOT NULL,
    name           VARCHAR(500) NOT NULL,
    status         VARCHAR(64)  NOT NULL,
    assignee_id    VARCHAR(40)  NULL,
    sprint_id      VARCHAR(40)  NULL,
    due_date       DATE         NULL,
    custom_fields  LONGTEXT     NOT NULL,
    external_ref   VARCHAR(255) NULL,
    deleted        BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMP(3) NOT NULL,
    updated_at     TIMESTAMP(3) NOT NULL,
    version        INT          NOT NULL,
    INDEX ix_sbx_task_feed (updated_at, id),
    INDEX ix_sbx_task_workspace_feed (workspace_id, updated_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_sprint (
    id             VARCHAR(40)  NOT NULL PRIMARY KEY,
    workspace_id   VARCHAR(40)  NOT NULL,
    name           VARCHAR(500) NOT NULL,
    start_date     DATE         NULL,
    end_date       DATE         NULL,
    state          VARCHAR(20)  NOT NULL,
    external_ref   VARCHAR(255) NULL,
    created_at     TIMESTAMP(3) NOT NULL,
    updated_at     TIMESTAMP(3) NOT NULL,
    version        INT          NOT NULL,
    INDEX ix_sbx_sprint_feed (updated_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- First successful answers per (API key, kind of resource, Idempotency-Key), replayed for 24 h.
CREATE TABLE sbx_idempotency (
    key_id         VARCHAR(40)  NOT NULL,
    scope          VARCHAR(20)  NOT NULL,
    idem_key       VARCHAR(255) NOT NULL,
    body_hash      CHAR(64)     NOT NULL,
    status         INT          NOT NULL,
    response_body  LONGTEXT     NOT NULL,
    created_at     TIMESTAMP(3) NOT NULL,
    PRIMARY KEY (key_id, scope, idem_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_import_rule (
    id            VARCHAR(40) NOT NULL PRIMARY KEY,
    workspace_id  VARCHAR(40) NOT NULL,
    source        VARCHAR(40) NOT NULL,
    enabled       BOOLEAN     NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_trigger (
    id            VARCHAR(40)  NOT NULL PRIMARY KEY,
    key_id        VARCHAR(40)  NOT NULL,
    workspace_id  VARCHAR(40)  NOT NULL,
    event         VARCHAR(40)  NOT NULL,
    occurred_at   VARCHAR(40)  NOT NULL,
    body          LONGTEXT     NOT NULL,
    received_at   TIMESTAMP(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--rollback DROP TABLE sbx_trigger; DROP TABLE sbx_import_rule; DROP TABLE sbx_idempotency; DROP TABLE sbx_sprint; DROP TABLE sbx_task; DROP TABLE sbx_workspace_member; DROP TABLE sbx_member; DROP TABLE sbx_field; DROP TABLE sbx_status; DROP TABLE sbx_workspace; DROP TABLE sbx_key_workspace; DROP TABLE sbx_api_key;

--changeset align:sandbox-2 context:sandbox
CREATE TABLE sbx_webhook (
    id               VARCHAR(40)   NOT NULL PRIMARY KEY,
    workspace_id     VARCHAR(40)   NOT NULL,
    url              VARCHAR(2000) NOT NULL,
    events           VARCHAR(500)  NOT NULL,
    secret           VARCHAR(200)  NOT NULL,
    previous_secret  VARCHAR(200)  NULL,
    rotated_at       TIMESTAMP(3)  NULL,
    enabled          BOOLEAN       NOT NULL,
    failing_since    TIMESTAMP(3)  NULL,
    created_at       TIMESTAMP(3)  NOT NULL,
    INDEX ix_sbx_webhook_workspace (workspace_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE sbx_delivery (
    id               VARCHAR(40)  NOT NULL PRIMARY KEY,
    webhook_id       VARCHAR(40)  NOT NULL,
    event_type       VARCHAR(40)  NOT NULL,
    body             LONGTEXT     NOT NULL,
    attempts         INT          NOT NULL DEFAULT 0,
    state            VARCHAR(20)  NOT NULL,
    next_attempt_at  TIMESTAMP(3) NOT NULL,
    last_status      INT          NULL,
    created_at       TIMESTAMP(3) NOT NULL,
    INDEX ix_sbx_delivery_due (state, next_attempt_at),
    INDEX ix_sbx_delivery_webhook (webhook_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--rollback DROP TABLE sbx_delivery; DROP TABLE sbx_webhook;

--changeset align:sandbox-3 context:sandbox
-- One row that every sandbox write updates first: its lock, held to commit, orders the writes of all
-- nodes, so updatedAt grows in commit order and a feed reader's high-water mark never skips a change.
CREATE TABLE sbx_clock (
    id       INT          NOT NULL PRIMARY KEY,
    last_at  TIMESTAMP(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
INSERT INTO sbx_clock (id, last_at) VALUES (1, CURRENT_TIMESTAMP(3));

-- The rate limit's token buckets, shared by every node that serves the sandbox.
CREATE TABLE sbx_rate_bucket (
    key_id      VARCHAR(40)  NOT NULL PRIMARY KEY,
    tokens      DOUBLE       NOT NULL,
    updated_at  TIMESTAMP(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--rollback DROP TABLE sbx_rate_bucket; DROP TABLE sbx_clock;
