#!/bin/bash
# First start of docker/compose.yaml's MariaDB: Align's two accounts (least-privilege.sql) and the
# sandbox's database. Passwords come from docker/.env (letters and digits).
set -euo pipefail
mariadb --protocol=socket -uroot -p"${MARIADB_ROOT_PASSWORD}" <<SQL
SET @db = 'align', @host = '%', @migrator = 'align_migrator', @migrator_password = '${ALIGN_MIGRATION_PASSWORD}',
    @app = 'align_app', @app_password = '${ALIGN_DB_PASSWORD}';
SOURCE /opt/align/least-privilege.sql;
CREATE DATABASE IF NOT EXISTS illumera_sandbox CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci;
CREATE USER IF NOT EXISTS 'illumera_sandbox'@'%' IDENTIFIED BY '${SANDBOX_DB_PASSWORD}';
GRANT ALL ON illumera_sandbox.* TO 'illumera_sandbox'@'%';
SQL
