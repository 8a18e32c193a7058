--liquibase formatted sql

--changeset align:grants-1 runAlways:true runOnChange:true context:grants splitStatements:false
-- Only when Align migrates with an account of its own (ALIGN_MIGRATION_USER; docker/mariadb/least-privilege.sql):
-- after every start's migrations, the application account (DB_USER) gets row rights on every table, new
-- ones included, and on the audit trail SELECT and INSERT only.
BEGIN NOT ATOMIC
    FOR t IN (SELECT table_name AS name FROM information_schema.tables
              WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'
                AND LOWER(table_name) NOT LIKE 'databasechangelog%') DO
        EXECUTE IMMEDIATE CONCAT('GRANT ', IF(t.name = 'audit_record', 'SELECT, INSERT', 'SELECT, INSERT, UPDATE, DELETE'),
            ' ON `', DATABASE(), '`.`', t.name, '` TO ', QUOTE('${appUser}'), '@', QUOTE('${appHost}'));
    END FOR;
END
--rollback SELECT 1;
