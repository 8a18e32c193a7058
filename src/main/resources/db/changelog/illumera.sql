--liquibase formatted sql

--changeset align:illumera-1
-- Secrets of the Illumera connection (API key, webhook signing secret), sealed with AES-256-GCM
-- (Tink). The organisation and purpose are bound as associated data; key_id names the keyset key.
CREATE TABLE sealed_secret (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id  BIGINT        NOT NULL,
    purpose          VARCHAR(40)   NOT NULL,
    key_id           BIGINT        NOT NULL,
    ciphertext       VARCHAR(2000) NOT NULL,
    created_at       TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at       TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT fk_sealed_secret_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    INDEX ix_sealed_secret_key (key_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
--rollback DROP TABLE sealed_secret;

--changeset align:illumera-2
-- One Illumera connection per organisation. Disconnecting forgets the key but keeps the row, so that
-- reconnecting to the same workspace resumes (links, history and audit are kept elsewhere).
CREATE TABLE illumera_connection (
    organisation_id    BIGINT       NOT NULL PRIMARY KEY,
    workspace_id       VARCHAR(100) NOT NULL,
    workspace_name     VARCHAR(500) NOT NULL,
    api_key_secret_id  BIGINT       NULL,
    key_mask           VARCHAR(40)  NOT NULL,
    key_expires_at     TIMESTAMP(6) NULL,
    state              VARCHAR(20)  NOT NULL,
    connected_at       TIMESTAMP(6) NOT NULL,
    updated_at         TIMESTAMP(6) NOT NULL,
    CONSTRAINT fk_illumera_connection_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT fk_illumera_connection_secret FOREIGN KEY (api_key_secret_id) REFERENCES sealed_secret (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE illumera_connection;

--changeset align:illumera-3
-- The add-on's settings (direction, field mapping, conflict policy, triggers, deletes) as one JSON
-- document per organisation, saved in one transaction with its audit record.
CREATE TABLE illumera_settings (
    organisation_id  BIGINT       NOT NULL PRIMARY KEY,
    settings         LONGTEXT     NOT NULL,
    version          INT          NOT NULL,
    updated_at       TIMESTAMP(6) NOT NULL,
    CONSTRAINT fk_illumera_settings_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- In-app notifications for an organisation's Owners and Admins; one per dedupe key.
CREATE TABLE notification (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id  BIGINT        NOT NULL,
    dedupe_key       VARCHAR(200)  NOT NULL,
    message          VARCHAR(1000) NOT NULL,
    created_at       TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    dismissed_at     TIMESTAMP(6)  NULL,
    dismissed_by     BIGINT        NULL,
    CONSTRAINT fk_notification_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT uk_notification_dedupe UNIQUE (organisation_id, dedupe_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE notification; DROP TABLE illumera_settings;
