--liquibase formatted sql

--changeset align:organisation-1
CREATE TABLE organisation (
    id          BIGINT AUTO_INCREMENT PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    plan        VARCHAR(20)  NOT NULL,
    created_at  TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE app_user (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    email          VARCHAR(320) NOT NULL,
    display_name   VARCHAR(200) NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,
    support_staff  BOOLEAN      NOT NULL DEFAULT FALSE,
    enabled        BOOLEAN      NOT NULL DEFAULT TRUE,
    CONSTRAINT uk_app_user_email UNIQUE (email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

CREATE TABLE membership (
    organisation_id BIGINT      NOT NULL,
    user_id         BIGINT      NOT NULL,
    role            VARCHAR(20) NOT NULL,
    PRIMARY KEY (organisation_id, user_id),
    CONSTRAINT fk_membership_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT fk_membership_user FOREIGN KEY (user_id) REFERENCES app_user (id),
    INDEX ix_membership_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE membership; DROP TABLE app_user; DROP TABLE organisation;

--changeset align:organisation-2
-- Each person's choice of a light or dark colour scheme, remembered across sign-ins and devices.
ALTER TABLE app_user ADD COLUMN colour_scheme VARCHAR(10) NOT NULL DEFAULT 'LIGHT';
--rollback ALTER TABLE app_user DROP COLUMN colour_scheme;
