--liquibase formatted sql

--changeset align:audit-1
-- The audit trail: append-only, here as well as in the code. Text from people is stored as given.
CREATE TABLE audit_record (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    occurred_at      TIMESTAMP(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    organisation_id  BIGINT        NULL,
    actor_user_id    BIGINT        NULL,
    actor_email      VARCHAR(320)  NOT NULL,
    actor_role       VARCHAR(20)   NOT NULL,
    support_acting   BOOLEAN       NOT NULL DEFAULT FALSE,
    action           VARCHAR(60)   NOT NULL,
    target           VARCHAR(500)  NOT NULL DEFAULT '',
    outcome          VARCHAR(10)   NOT NULL,
    difference       LONGTEXT      NOT NULL,
    client_ip        VARCHAR(64)   NOT NULL DEFAULT '',
    request_id       VARCHAR(64)   NOT NULL DEFAULT '',
    INDEX ix_audit_org_time (organisation_id, occurred_at, id),
    INDEX ix_audit_time (occurred_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'The audit trail is append-only: records cannot be changed';

CREATE TRIGGER audit_record_no_delete BEFORE DELETE ON audit_record FOR EACH ROW
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'The audit trail is append-only: records cannot be deleted';
--rollback DROP TRIGGER audit_record_no_delete; DROP TRIGGER audit_record_no_update; DROP TABLE audit_record;
