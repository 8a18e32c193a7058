-- Least privilege for Align on a MariaDB server: two accounts instead of root.
--   * the migration account (ALIGN_MIGRATION_USER) owns the schema: Liquibase runs as it at every start,
--     and at the end of each start grants the application account its rights on every table;
--   * the application account (DB_USER) reads and writes rows only, and may only SELECT and INSERT the
--     audit trail (audit_record): no UPDATE or DELETE, by privilege as well as by the table's triggers.
-- Run once as an administrator, with your names and passwords:
--   mariadb -uroot -e "SET @db = 'align', @host = '%', @migrator = 'align_migrator', @migrator_password = '…',
--                      @app = 'align_app', @app_password = '…'; SOURCE docker/mariadb/least-privilege.sql;"
-- then start Align with DB_USER/DB_PASSWORD of the application account and ALIGN_MIGRATION_USER/
-- ALIGN_MIGRATION_PASSWORD of the migration account. Re-running it changes nothing.

EXECUTE IMMEDIATE CONCAT('CREATE DATABASE IF NOT EXISTS `', REPLACE(@db, '`', ''),
    '` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci');
EXECUTE IMMEDIATE CONCAT('CREATE USER IF NOT EXISTS ', QUOTE(@migrator), '@', QUOTE(@host),
    ' IDENTIFIED BY ', QUOTE(@migrator_password));
EXECUTE IMMEDIATE CONCAT('CREATE USER IF NOT EXISTS ', QUOTE(@app), '@', QUOTE(@host),
    ' IDENTIFIED BY ', QUOTE(@app_password));
-- Schema changes, and (GRANT OPTION) handing the application account its row rights table by table.
EXECUTE IMMEDIATE CONCAT('GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX, REFERENCES, TRIGGER,',
    ' CREATE VIEW, SHOW VIEW ON `', REPLACE(@db, '`', ''), '`.* TO ', QUOTE(@migrator), '@', QUOTE(@host),
    ' WITH GRANT OPTION');
