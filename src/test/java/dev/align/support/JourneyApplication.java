package dev.align.support;

import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The application as the browser journeys use it: the demo data, the built-in sandbox with its admin
 * API (to make a key that expires soon), on a random port. One configuration, so the journeys share
 * one running application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"align.embedded-db.data-dir=target/test-mariadb", "align.demo-data=true",
                "align.secrets.keyset-file=target/test-secrets-keyset.json",
                "align.secrets.generate-if-missing=true", "illumera.sandbox.enabled=true",
                "illumera.sandbox.admin-api=true",
                "illumera.sandbox.admin-token=" + AlignIntegration.SANDBOX_ADMIN_TOKEN,
                "logging.file.name=target/test-logs/journeys.log"})
public @interface JourneyApplication {
}
