package dev.alignsandbox;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Lives outside {@code dev.align} on purpose: Align's component scan must not find this
 * configuration (its auto-configuration exclusions would switch Vaadin off in Align too).
 * <p>
 * The Illumera sandbox on its own (no Align UI, its own database and port), for tests against a
 * separate process and for several Align nodes sharing one Illumera:
 * {@code ./mvnw spring-boot:run -Dspring-boot.run.main-class=dev.alignsandbox.StandaloneSandbox}.
 * Settings: SANDBOX_PORT (9090), SANDBOX_DB_URL / SANDBOX_DB_USER / SANDBOX_DB_PASSWORD (else an
 * embedded MariaDB in data/sandbox-mariadb), SANDBOX_WEBHOOK_TARGETS (the Align origins its webhooks may
 * reach, e.g. the load balancer's URL; comma-separated).
 */
@SpringBootApplication(scanBasePackages = {"dev.align.sandbox", "dev.align.base"}, excludeName = {
        "com.vaadin.flow.spring.SpringBootAutoConfiguration",
        "com.vaadin.flow.spring.SpringSecurityAutoConfiguration",
        "com.vaadin.flow.spring.VaadinScopesConfig"})
public class StandaloneSandbox {

    public static void main(String[] args) {
        start(args);
    }

    public static ConfigurableApplicationContext start(String... args) {
        List<String> settings = new ArrayList<>(List.of(
                "--spring.application.name=illumera-sandbox",
                "--server.port=" + env("SANDBOX_PORT", "9090"),
                "--spring.datasource.url=" + env("SANDBOX_DB_URL", ""),
                "--spring.datasource.username=" + env("SANDBOX_DB_USER", "root"),
                "--spring.datasource.password=" + env("SANDBOX_DB_PASSWORD", ""),
                "--align.embedded-db.data-dir=" + env("SANDBOX_EMBEDDED_DB_DATA_DIR", "data/sandbox-mariadb"),
                "--spring.liquibase.change-log=classpath:db/changelog/sandbox-master.yaml",
                "--illumera.sandbox.enabled=true",
                "--illumera.sandbox.webhooks.allowed-targets=" + env("SANDBOX_WEBHOOK_TARGETS", ""),
                "--illumera.base-url=http://localhost:${server.port}/illumera-sandbox",
                // Align's health groups name Align's checks, which the sandbox alone does not have.
                "--management.endpoint.health.validate-group-membership=false"));
        // A setting given on the command line replaces the default (Spring would merge both into a list).
        settings.removeIf(setting -> List.of(args).stream()
                .anyMatch(arg -> arg.startsWith(setting.substring(0, setting.indexOf('=') + 1))));
        settings.addAll(List.of(args));
        return SpringApplication.run(StandaloneSandbox.class, settings.toArray(String[]::new));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
