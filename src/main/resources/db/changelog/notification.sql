--liquibase formatted sql

--changeset align:notification-1
-- E-mail alerts (issue 14): each notification is mailed once to every Owner and Admin of its organisation
-- who has not opted out. A row per (notification, person) once that person's mail is handed to the SMTP
-- server, so a retry after a partial failure mails only those still waiting; the notification's own
-- columns say when its mailing is done, how often it failed and when it is tried next.
ALTER TABLE notification
    ADD COLUMN title         VARCHAR(200)  NULL,
    ADD COLUMN mail_done_at  TIMESTAMP(6)  NULL,
    ADD COLUMN mail_attempts INT           NOT NULL DEFAULT 0,
    ADD COLUMN mail_next_at  TIMESTAMP(6)  NULL,
    ADD COLUMN mail_error    VARCHAR(500)  NULL,
    ADD INDEX ix_notification_mail_due (mail_done_at, created_at);
-- Notifications from before e-mail alerts existed are not mailed now.
UPDATE notification SET mail_done_at = created_at;
CREATE TABLE notification_mail (
    notification_id  BIGINT        NOT NULL,
    user_id          BIGINT        NOT NULL,
    sent_at          TIMESTAMP(6)  NOT NULL,
    PRIMARY KEY (notification_id, user_id),
    CONSTRAINT fk_notification_mail_notification FOREIGN KEY (notification_id) REFERENCES notification (id),
    CONSTRAINT fk_notification_mail_user FOREIGN KEY (user_id) REFERENCES app_user (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
-- A person's "no e-mail alerts" in one organisation (an Admin of two may want them from one only).
CREATE TABLE alert_mail_opt_out (
    organisation_id  BIGINT        NOT NULL,
    user_id          BIGINT        NOT NULL,
    opted_out_at     TIMESTAMP(6)  NOT NULL,
    PRIMARY KEY (organisation_id, user_id),
    CONSTRAINT fk_alert_mail_opt_out_membership FOREIGN KEY (organisation_id, user_id)
        REFERENCES membership (organisation_id, user_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE alert_mail_opt_out; DROP TABLE notification_mail; ALTER TABLE notification DROP INDEX ix_notification_mail_due, DROP COLUMN mail_error, DROP COLUMN mail_next_at, DROP COLUMN mail_attempts, DROP COLUMN mail_done_at, DROP COLUMN title;
