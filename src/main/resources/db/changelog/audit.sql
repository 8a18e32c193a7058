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

--changeset align:audit-2
-- A hash chain per organisation (platform-level records: chain 0). Each record carries the SHA-256 of
-- its content and of the previous record's hash, so that "Verify" finds a record changed or removed
-- behind the application's back. The head row is locked by every insert: one chain order per tenant,
-- the same on every node. Records written before this change have no hash (shown as before the chain).
ALTER TABLE audit_record ADD COLUMN prev_hash CHAR(64) NULL, ADD COLUMN hash CHAR(64) NULL;
CREATE INDEX ix_audit_org_id ON audit_record (organisation_id, id);
CREATE TABLE audit_chain_head (
    chain_key  BIGINT    NOT NULL PRIMARY KEY,
    last_id    BIGINT    NULL,
    last_hash  CHAR(64)  NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
--rollback DROP TABLE audit_chain_head; DROP INDEX ix_audit_org_id ON audit_record; ALTER TABLE audit_record DROP COLUMN hash, DROP COLUMN prev_hash;
