--liquibase formatted sql

--changeset align:triggers-1
-- Workflow triggers (PRODUCT §4): each chosen Align event of a person, read from the outbox, is one
-- delivery row (unique per organisation, outbox position and event: two nodes that read the same event
-- make one row), sent to Illumera with an idempotency key derived from that row until it is answered.
-- The rows are the delivery log; the position is where each organisation's reading of the outbox stands.
CREATE TABLE illumera_trigger_position (
    organisation_id  BIGINT        NOT NULL PRIMARY KEY,
    outbox_position  BIGINT        NOT NULL,
    updated_at       TIMESTAMP(6)  NOT NULL,
    CONSTRAINT fk_illumera_trigger_position_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
CREATE TABLE illumera_trigger_delivery (
    id                 BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    organisation_id    BIGINT        NOT NULL,
    work_change_id     BIGINT        NOT NULL,
    event              VARCHAR(40)   NOT NULL,
    record_id          BIGINT        NOT NULL,
    workspace_id       VARCHAR(64)   NOT NULL,
    occurred_at        TIMESTAMP(6)  NOT NULL,
    payload            TEXT          NOT NULL,
    state              VARCHAR(12)   NOT NULL,
    attempts           INT           NOT NULL DEFAULT 0,
    next_attempt_at    TIMESTAMP(6)  NOT NULL,
    last_attempt_at    TIMESTAMP(6)  NULL,
    answer             VARCHAR(500)  NULL,
    illumera_trigger_id VARCHAR(64)  NULL,
    workflows_started  INT           NULL,
    CONSTRAINT fk_illumera_trigger_delivery_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT uk_illumera_trigger_delivery_event UNIQUE (organisation_id, work_change_id, event),
    INDEX ix_illumera_trigger_delivery_due (organisation_id, state, next_attempt_at),
    INDEX ix_illumera_trigger_delivery_log (organisation_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE illumera_trigger_delivery; DROP TABLE illumera_trigger_position;
