package dev.align.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.align.Application;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.security.core.context.SecurityContextHolder;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;

/**
 * A second Align node in the test JVM, on the shared test context's database, keyset and sandbox, as a second
 * instance behind a load balancer would be (no sandbox of its own, no demo data, no sync on save).
 */
public final class SecondNode {

    private SecondNode() {
    }

    /** Starts it; {@code web} serves HTTP on a free port, otherwise it only runs jobs. */
    public static ConfigurableApplicationContext start(Environment environment, DataSource dataSource, String name,
                                                       boolean web, String... settings) {
        List<String> args = new ArrayList<>(settings(environment, dataSource, name, web));
        args.addAll(List.of(settings));
        // Vaadin's security set-up replaces the JVM-wide security context strategy; the test context keeps its own.
        var strategy = SecurityContextHolder.getContextHolderStrategy();
        var signedIn = strategy.getContext();
        var node = new SpringApplicationBuilder(Application.class)
                .web(web ? WebApplicationType.SERVLET : WebApplicationType.NONE).run(args.toArray(String[]::new));
        SecurityContextHolder.setContextHolderStrategy(strategy);
        strategy.setContext(signedIn);
        return node;
    }

    /** The command-line settings a second node needs to share the test context's database, keys and sandbox. */
    static List<String> settings(Environment environment, DataSource dataSource, String name, boolean web) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + ((HikariDataSource) dataSource).getJdbcUrl(),
                "--illumera.sandbox.enabled=false", "--align.demo-data=false",
                "--illumera.base-url=" + environment.getProperty("illumera.base-url"),
                "--align.node-name=" + name, "--align.secrets.keyset-file=target/test-secrets-keyset.json",
                "--illumera.sync.start-on-save=false", "--logging.file.name=target/test-logs/align-" + name + ".log"));
        args.addAll(web ? List.of("--server.port=0") : List.of("--spring.main.web-application-type=none",
                "--spring.autoconfigure.exclude=com.vaadin.flow.spring.SpringBootAutoConfiguration,"
                        + "com.vaadin.flow.spring.SpringSecurityAutoConfiguration"));
        return args;
    }
}
