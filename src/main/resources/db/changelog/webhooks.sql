--liquibase formatted sql

--changeset align:webhooks-1
-- Illumera's webhooks to Align (issue 14): per organisation one unguessable receiving address (token) and
-- what the card shows (last event, deliveries refused); per synced workspace the webhook Illumera
-- registered there with its sealed signing secret (each registration has its own). During a rotation the
-- previous secret is accepted until previous_until.
CREATE TABLE illumera_webhook (
    organisation_id      BIGINT        NOT NULL PRIMARY KEY,
    token                VARCHAR(64)   NOT NULL,
    last_event_at        TIMESTAMP(6)  NULL,
    rejected             INT           NOT NULL DEFAULT 0,
    last_rejected_at     TIMESTAMP(6)  NULL,
    last_rejection       VARCHAR(200)  NULL,
    CONSTRAINT fk_illumera_webhook_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT uk_illumera_webhook_token UNIQUE (token)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
CREATE TABLE illumera_webhook_registration (
    organisation_id      BIGINT        NOT NULL,
    workspace_id         VARCHAR(64)   NOT NULL,
    webhook_id           VARCHAR(64)   NOT NULL,
    secret_id            BIGINT        NOT NULL,
    previous_secret_id   BIGINT        NULL,
    previous_until       TIMESTAMP(6)  NULL,
    registered_at        TIMESTAMP(6)  NOT NULL,
    PRIMARY KEY (organisation_id, workspace_id),
    CONSTRAINT fk_illumera_webhook_registration_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
-- One row per delivery handled: a webhook-id seen again (a retry, or two nodes receiving it at once)
-- meets the unique key and has no second effect.
CREATE TABLE illumera_webhook_event (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    organisation_id  BIGINT        NOT NULL,
    message_id       VARCHAR(255)  NOT NULL,
    event_type       VARCHAR(40)   NOT NULL,
    resource_id      VARCHAR(64)   NULL,
    received_at      TIMESTAMP(6)  NOT NULL,
    CONSTRAINT fk_illumera_webhook_event_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT uk_illumera_webhook_event_message UNIQUE (organisation_id, message_id),
    INDEX ix_illumera_webhook_event_received (received_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE illumera_webhook_event; DROP TABLE illumera_webhook_registration; DROP TABLE illumera_webhook;
