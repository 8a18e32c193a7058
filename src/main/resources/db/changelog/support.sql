--liquibase formatted sql

--changeset align:support-1
-- Read-only access of support staff to one organisation's add-on records, given with a reason for a
-- limited time; the organisation's Owners and Admins see and can revoke it.
CREATE TABLE support_grant (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id  BIGINT         NOT NULL,
    support_user_id  BIGINT         NOT NULL,
    reason           VARCHAR(1000)  NOT NULL,
    ticket           VARCHAR(100)   NOT NULL DEFAULT '',
    granted_at       TIMESTAMP(6)   NOT NULL,
    expires_at       TIMESTAMP(6)   NOT NULL,
    revoked_at       TIMESTAMP(6)   NULL,
    revoked_by       BIGINT         NULL,
    CONSTRAINT fk_support_grant_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT fk_support_grant_user FOREIGN KEY (support_user_id) REFERENCES app_user (id),
    INDEX ix_support_grant_live (support_user_id, organisation_id, expires_at),
    INDEX ix_support_grant_org (organisation_id, granted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE support_grant;
