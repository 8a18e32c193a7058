--liquibase formatted sql

--changeset align:sync-1
-- One row per linked pair (SYNC-DESIGN "State kept per organisation"). A pending link (no Illumera id
-- yet) carries the idempotency key and the exact body of its create, so that a run after a crash
-- repeats the same request and gets the same record back. base holds the mapped fields' values as
-- both sides last agreed (JSON, normalised). NULLs do not collide in the unique keys. A HELD link has
-- one side only: a record whose name several records share, left to a person (never created
-- elsewhere). needs_retry marks a pair a run could not finish: the next run reads it afresh.
CREATE TABLE illumera_link (
    id                BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id   BIGINT        NOT NULL,
    record_type       VARCHAR(10)   NOT NULL,
    align_id          BIGINT        NULL,
    illumera_id       VARCHAR(100)  NULL,
    workspace_id      VARCHAR(100)  NULL,
    state             VARCHAR(10)   NOT NULL,
    idempotency_key   VARCHAR(255)  NULL,
    pending_body      TEXT          NULL,
    base              TEXT          NULL,
    illumera_version  BIGINT        NULL,
    align_version     INT           NULL,
    needs_retry       BOOLEAN       NOT NULL DEFAULT FALSE,
    created_at        TIMESTAMP(6)  NOT NULL,
    updated_at        TIMESTAMP(6)  NOT NULL,
    CONSTRAINT fk_illumera_link_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT uk_illumera_link_align UNIQUE (organisation_id, record_type, align_id),
    CONSTRAINT uk_illumera_link_illumera UNIQUE (organisation_id, record_type, illumera_id),
    INDEX ix_illumera_link_state (organisation_id, state),
    INDEX ix_illumera_link_retry (organisation_id, needs_retry)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Tasks that carry the align: reference of an entry linked to another task: import copies, shown and
-- never synced back.
CREATE TABLE illumera_duplicate (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id  BIGINT        NOT NULL,
    task_id          VARCHAR(100)  NOT NULL,
    task_name        VARCHAR(500)  NOT NULL,
    entry_id         BIGINT        NOT NULL,
    linked_task_id   VARCHAR(100)  NULL,
    found_at         TIMESTAMP(6)  NOT NULL,
    CONSTRAINT fk_illumera_duplicate_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT uk_illumera_duplicate UNIQUE (organisation_id, task_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Where the next run starts: the outbox position, the task feed's high-water mark, whether the
-- initial sync is done, a "run again" mark left by a trigger that found the lock taken, and the
-- progress of the run in flight (readable from any node).
CREATE TABLE illumera_sync_state (
    organisation_id      BIGINT        NOT NULL PRIMARY KEY,
    outbox_position      BIGINT        NOT NULL DEFAULT 0,
    task_mark            TEXT          NULL,
    initial_done         BOOLEAN       NOT NULL DEFAULT FALSE,
    initial_started      BOOLEAN       NOT NULL DEFAULT FALSE,
    run_again            BOOLEAN       NOT NULL DEFAULT FALSE,
    paused_reason        VARCHAR(1000) NULL,
    mass_change_allowed  BOOLEAN       NOT NULL DEFAULT FALSE,
    reset_requested      BOOLEAN       NOT NULL DEFAULT FALSE,
    progress_done        INT           NOT NULL DEFAULT 0,
    progress_total       INT           NOT NULL DEFAULT 0,
    progress_started_at  TIMESTAMP(6)  NULL,
    running_run_id       BIGINT        NULL,
    last_run_at          TIMESTAMP(6)  NULL,
    CONSTRAINT fk_illumera_sync_state_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One row per run: the sync history's summary line.
CREATE TABLE illumera_sync_run (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id  BIGINT        NOT NULL,
    run_trigger      VARCHAR(12)   NOT NULL,
    node             VARCHAR(100)  NOT NULL,
    started_at       TIMESTAMP(6)  NOT NULL,
    ended_at         TIMESTAMP(6)  NULL,
    outcome          VARCHAR(12)   NOT NULL,
    message          VARCHAR(2000) NULL,
    counts           TEXT          NOT NULL,
    CONSTRAINT fk_illumera_sync_run_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    INDEX ix_illumera_sync_run_org_time (organisation_id, started_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- One row per record a run touched: direction, action and the fields before → after (JSON). Paged
-- by time per organisation, and by record for an entry's field history.
CREATE TABLE illumera_sync_item (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    run_id           BIGINT        NOT NULL,
    organisation_id  BIGINT        NOT NULL,
    record_type      VARCHAR(10)   NOT NULL,
    align_id         BIGINT        NULL,
    illumera_id      VARCHAR(100)  NULL,
    direction        VARCHAR(12)   NOT NULL,
    action           VARCHAR(12)   NOT NULL,
    changes          TEXT          NULL,
    message          VARCHAR(1000) NULL,
    at               TIMESTAMP(6)  NOT NULL,
    CONSTRAINT fk_illumera_sync_item_run FOREIGN KEY (run_id) REFERENCES illumera_sync_run (id),
    INDEX ix_illumera_sync_item_org_time (organisation_id, at, id),
    INDEX ix_illumera_sync_item_run (run_id, id),
    INDEX ix_illumera_sync_item_record (organisation_id, record_type, align_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;

-- Fields changed on both sides under "Ask me": base, Align and Illumera values, until a person
-- chooses. One open conflict per link and field: open_key is "link:field" until the engine has applied
-- the person's choice to both sides, then NULL.
CREATE TABLE illumera_conflict (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    organisation_id  BIGINT        NOT NULL,
    link_id          BIGINT        NOT NULL,
    field            VARCHAR(40)   NOT NULL,
    base_value       TEXT          NULL,
    align_value      TEXT          NULL,
    illumera_value   TEXT          NULL,
    detected_at      TIMESTAMP(6)  NOT NULL,
    open_key         VARCHAR(60)   NULL,
    resolved_at      TIMESTAMP(6)  NULL,
    resolved_by      BIGINT        NULL,
    resolution       VARCHAR(20)   NULL,
    applied_at       TIMESTAMP(6)  NULL,
    CONSTRAINT fk_illumera_conflict_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id),
    CONSTRAINT fk_illumera_conflict_link FOREIGN KEY (link_id) REFERENCES illumera_link (id),
    CONSTRAINT uk_illumera_conflict_open UNIQUE (organisation_id, open_key),
    INDEX ix_illumera_conflict_org (organisation_id, resolved_at, detected_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
--rollback DROP TABLE illumera_conflict; DROP TABLE illumera_sync_item; DROP TABLE illumera_sync_run; DROP TABLE illumera_sync_state; DROP TABLE illumera_duplicate; DROP TABLE illumera_link;

--changeset align:sync-2
-- The sync history's filters and drill-down stay on indexes with millions of rows: runs by outcome and
-- time, a run's records by action (its errors), conflicts resolved by time. A conflict resolved with a
-- typed value keeps that value for the inspector's resolved list (the value itself reaches Align as a
-- person's change and flows on from there).
CREATE INDEX ix_illumera_sync_run_org_outcome ON illumera_sync_run (organisation_id, outcome, started_at, id);
CREATE INDEX ix_illumera_sync_run_org_trigger ON illumera_sync_run (organisation_id, run_trigger, started_at, id);
CREATE INDEX ix_illumera_sync_item_run_action ON illumera_sync_item (run_id, action, id);
ALTER TABLE illumera_conflict ADD COLUMN typed_value TEXT NULL;
--rollback ALTER TABLE illumera_conflict DROP COLUMN typed_value; DROP INDEX ix_illumera_sync_item_run_action ON illumera_sync_item; DROP INDEX ix_illumera_sync_run_org_trigger ON illumera_sync_run; DROP INDEX ix_illumera_sync_run_org_outcome ON illumera_sync_run;

--changeset align:sync-3
-- A held task's name as the run that held it saw it (a held entry's is its title), for the person who
-- decides: link it to a held entry, or create it separately.
ALTER TABLE illumera_link ADD COLUMN held_name VARCHAR(500) NULL;
--rollback ALTER TABLE illumera_link DROP COLUMN held_name;

--changeset align:sync-4
-- Settings widened (direction to both ways, a mapping row switched on or widened): the next run brings
-- across what was passed over while they were narrower, in every paired workspace, then clears this.
ALTER TABLE illumera_sync_state ADD COLUMN backfill_all BOOLEAN NOT NULL DEFAULT FALSE;
--rollback ALTER TABLE illumera_sync_state DROP COLUMN backfill_all;

--changeset align:sync-5
-- The nightly drift check: the organisation's next run compares every linked record on both sides
-- against the stored base (see the Trigger DRIFT), then clears this.
ALTER TABLE illumera_sync_state ADD COLUMN drift_due BOOLEAN NOT NULL DEFAULT FALSE;
--rollback ALTER TABLE illumera_sync_state DROP COLUMN drift_due;

--changeset align:sync-6
-- Freshness on the card: when the oldest change a run carried was made (either side), so that the run's
-- end minus it is how long that change took to be mirrored; null for runs that carried nothing.
ALTER TABLE illumera_sync_run ADD COLUMN oldest_change_at TIMESTAMP(6) NULL;
CREATE INDEX ix_illumera_sync_run_org_ended ON illumera_sync_run (organisation_id, ended_at);
--rollback DROP INDEX ix_illumera_sync_run_org_ended ON illumera_sync_run; ALTER TABLE illumera_sync_run DROP COLUMN oldest_change_at;
