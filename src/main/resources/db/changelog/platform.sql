--liquibase formatted sql

--changeset align:platform-1
-- ShedLock's table (JdbcTemplateLockProvider, database time).
CREATE TABLE shedlock (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    lock_until  TIMESTAMP(3) NOT NULL,
    locked_at   TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    locked_by   VARCHAR(255) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE shedlock;

--changeset align:platform-2
-- Sign-in throttling (Bucket4j token buckets, one row per account or client address), shared by all
-- nodes so that several nodes do not multiply the attempts an attacker gets.
CREATE TABLE login_throttle (
    bucket_key  VARCHAR(400)    NOT NULL PRIMARY KEY,
    state       VARBINARY(2048) NULL,
    updated_at  TIMESTAMP(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX ix_login_throttle_updated (updated_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
--rollback DROP TABLE login_throttle;
