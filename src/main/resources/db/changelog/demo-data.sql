--liquibase formatted sql

--changeset align:demo-data-1 context:demo
--comment: Demo organisations for the default configuration. Every demo user's password is "align-demo".
INSERT INTO organisation (name, plan) VALUES ('Acme', 'BUSINESS');
SET @acme = LAST_INSERT_ID();
INSERT INTO organisation (name, plan) VALUES ('Globex', 'STARTER');
SET @globex = LAST_INSERT_ID();

INSERT INTO app_user (email, display_name, password_hash) VALUES ('owner@acme.example', 'Olivia Owner', '{bcrypt}$2a$10$uY.ReiauH7pT6oaXg5QEze4u9Aaup0Xt/h4jmfjjAvVNqN5.iGvfK');
SET @acme_owner = LAST_INSERT_ID();
INSERT INTO app_user (email, display_name, password_hash) VALUES ('admin@acme.example', 'Adam Admin', '{bcrypt}$2a$10$uY.ReiauH7pT6oaXg5QEze4u9Aaup0Xt/h4jmfjjAvVNqN5.iGvfK');
SET @acme_admin = LAST_INSERT_ID();
INSERT INTO app_user (email, display_name, password_hash) VALUES ('member@acme.example', 'Mia Member', '{bcrypt}$2a$10$uY.ReiauH7pT6oaXg5QEze4u9Aaup0Xt/h4jmfjjAvVNqN5.iGvfK');
SET @acme_member = LAST_INSERT_ID();
INSERT INTO app_user (email, display_name, password_hash) VALUES ('owner@globex.example', 'Gus Globex', '{bcrypt}$2a$10$uY.ReiauH7pT6oaXg5QEze4u9Aaup0Xt/h4jmfjjAvVNqN5.iGvfK');
SET @globex_owner = LAST_INSERT_ID();
INSERT INTO app_user (email, display_name, password_hash) VALUES ('member@globex.example', 'Greta Member', '{bcrypt}$2a$10$uY.ReiauH7pT6oaXg5QEze4u9Aaup0Xt/h4jmfjjAvVNqN5.iGvfK');
SET @globex_member = LAST_INSERT_ID();
INSERT INTO app_user (email, display_name, password_hash, support_staff) VALUES ('support@align.example', 'Sam Support', '{bcrypt}$2a$10$uY.ReiauH7pT6oaXg5QEze4u9Aaup0Xt/h4jmfjjAvVNqN5.iGvfK', TRUE);

INSERT INTO membership (organisation_id, user_id, role) VALUES
    (@acme, @acme_owner, 'OWNER'), (@acme, @acme_admin, 'ADMIN'), (@acme, @acme_member, 'MEMBER'),
    (@globex, @globex_owner, 'OWNER'), (@globex, @globex_member, 'MEMBER'),
    (@globex, @acme_admin, 'MEMBER');

INSERT INTO project (organisation_id, name, description) VALUES (@acme, 'Website relaunch', 'The new public website.');
SET @p1 = LAST_INSERT_ID();
INSERT INTO project (organisation_id, name, description) VALUES (@acme, 'Mobile app', 'iOS and Android apps.');
SET @p2 = LAST_INSERT_ID();
INSERT INTO project (organisation_id, name, description) VALUES (@acme, 'Billing platform', 'Invoices, plans and payments.');
SET @p3 = LAST_INSERT_ID();
INSERT INTO project (organisation_id, name, description) VALUES (@globex, 'Warehouse automation', 'Robots in hall 3.');
SET @g1 = LAST_INSERT_ID();

INSERT INTO work_release (organisation_id, project_id, name, release_date, status, published_at) VALUES (@acme, @p1, 'Web 1.0', CURDATE() - INTERVAL 20 DAY, 'PUBLISHED', NOW(6));
SET @r11 = LAST_INSERT_ID();
INSERT INTO work_release (organisation_id, project_id, name, release_date, status) VALUES (@acme, @p1, 'Web 1.1', CURDATE() + INTERVAL 25 DAY, 'PLANNED');
SET @r12 = LAST_INSERT_ID();
INSERT INTO work_release (organisation_id, project_id, name, release_date, status) VALUES (@acme, @p2, 'App 2.0', CURDATE() + INTERVAL 14 DAY, 'PLANNED');
SET @r21 = LAST_INSERT_ID();
INSERT INTO work_release (organisation_id, project_id, name, release_date, status) VALUES (@acme, @p2, 'App 2.1', CURDATE() + INTERVAL 45 DAY, 'PLANNED');
SET @r22 = LAST_INSERT_ID();
INSERT INTO work_release (organisation_id, project_id, name, release_date, status) VALUES (@acme, @p3, 'Billing Q1', CURDATE() + INTERVAL 30 DAY, 'PLANNED');
SET @r31 = LAST_INSERT_ID();
INSERT INTO work_release (organisation_id, project_id, name, release_date, status) VALUES (@acme, @p3, 'Billing Q2', CURDATE() + INTERVAL 120 DAY, 'PLANNED');
SET @r32 = LAST_INSERT_ID();
INSERT INTO work_release (organisation_id, project_id, name, release_date, status) VALUES (@globex, @g1, 'Phase 1', CURDATE() + INTERVAL 60 DAY, 'PLANNED');
SET @g11 = LAST_INSERT_ID();

-- 300 entries for Acme, spread over its projects, releases, people and statuses (seq_1_to_300: MariaDB's Sequence engine).
INSERT INTO entry (organisation_id, project_id, release_id, title, status, assignee_id, due_date, tracked_minutes)
SELECT @acme,
       ELT(1 + seq % 3, @p1, @p2, @p3),
       CASE seq % 3
           WHEN 0 THEN ELT(1 + (seq DIV 3) % 3, @r11, @r12, NULL)
           WHEN 1 THEN ELT(1 + (seq DIV 3) % 3, @r21, @r22, NULL)
           ELSE ELT(1 + (seq DIV 3) % 3, @r31, @r32, NULL)
       END,
       CONCAT(ELT(1 + seq % 8, 'Fix', 'Design', 'Write', 'Review', 'Plan', 'Test', 'Refactor', 'Document'), ' ',
              ELT(1 + seq % 7, 'login page', 'billing export', 'search results', 'release notes', 'onboarding flow',
                  'notification settings', 'report filters'), ' #', seq),
       ELT(1 + seq % 7, 'BACKLOG', 'TODO', 'IN_PROGRESS', 'IN_REVIEW', 'DONE', 'TODO', 'BLOCKED'),
       ELT(1 + seq % 4, @acme_owner, @acme_admin, @acme_member, NULL),
       IF(seq % 5 = 0, NULL, CURDATE() + INTERVAL (CAST(seq AS SIGNED) % 60) - 10 DAY),
       (seq * 37) % 480
FROM seq_1_to_300;

INSERT INTO entry (organisation_id, project_id, release_id, title, status, assignee_id, due_date, tracked_minutes)
SELECT @globex, @g1, IF(seq % 2 = 0, @g11, NULL), CONCAT('Calibrate robot arm ', seq),
       ELT(1 + seq % 3, 'TODO', 'IN_PROGRESS', 'DONE'), ELT(1 + seq % 2, @globex_owner, @globex_member),
       CURDATE() + INTERVAL seq DAY, seq * 15
FROM seq_1_to_40;
--rollback DELETE FROM entry WHERE organisation_id IN (SELECT id FROM organisation WHERE name IN ('Acme', 'Globex'));
--rollback DELETE FROM work_release WHERE organisation_id IN (SELECT id FROM organisation WHERE name IN ('Acme', 'Globex'));
--rollback DELETE FROM project WHERE organisation_id IN (SELECT id FROM organisation WHERE name IN ('Acme', 'Globex'));
--rollback DELETE FROM membership WHERE user_id IN (SELECT id FROM app_user WHERE email LIKE '%@acme.example' OR email LIKE '%@globex.example' OR email = 'support@align.example');
--rollback DELETE FROM app_user WHERE email LIKE '%@acme.example' OR email LIKE '%@globex.example' OR email = 'support@align.example';
--rollback DELETE FROM organisation WHERE name IN ('Acme', 'Globex');
