package dev.align.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A Spring test on the real database (DB_URL, or the embedded MariaDB) with the application (and
 * the Illumera sandbox) listening on a random port, and a real SMTP server ({@link TestMailServer}). Every test class uses this same configuration so
 * that they all share one Spring context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ContextConfiguration(initializers = TestMailServer.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"align.embedded-db.data-dir=target/test-mariadb", "align.demo-data=true",
                "illumera.sandbox.webhooks.retry-scale=0.001", "illumera.sandbox.webhooks.poll=50ms",
                "align.secrets.keyset-file=target/test-secrets-keyset.json", "align.secrets.generate-if-missing=true",
                "illumera.sandbox.enabled=true", "illumera.sandbox.admin-api=true",
                "illumera.sandbox.admin-token=" + AlignIntegration.SANDBOX_ADMIN_TOKEN,
                "illumera.sandbox.webhooks.allowed-targets=http://127.0.0.1",
                // The tests' own requests come through a trusted proxy (loopback), as behind a load balancer.
                "server.forward-headers-strategy=native", "illumera.key-check.cron=-",
                "illumera.sync.tick=PT24H", "illumera.triggers.tick=PT24H", "align.mail.tick=PT24H", "illumera.sync.start-on-save=false", "illumera.sync.push=false", "illumera.history.retention-cron=-",
                "align.metrics.token=" + AlignIntegration.METRICS_TOKEN, "logging.file.name=target/test-logs/align-tests.log"})
public @interface AlignIntegration {

    /** The sandbox admin API's token in tests (made at random in a real start). */
    String SANDBOX_ADMIN_TOKEN = "test-sandbox-admin-token";

    /** The Prometheus endpoint's bearer token in tests. */
    String METRICS_TOKEN = "test-metrics-token";
}
