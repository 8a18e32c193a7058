package dev.align.base.db;

import com.zaxxer.hikari.HikariDataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import liquibase.integration.spring.SpringLiquibase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.StringUtils;

import javax.sql.DataSource;
import java.nio.file.Path;

@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    /**
     * ShedLock on the shared database, with the database's clock so that node clocks do not matter; each lock
     * names the node holding it (several nodes on one host would otherwise all be that host).
     */
    @Bean
    LockProvider lockProvider(DataSource dataSource, @Value("${align.node-name:}") String node) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .withLockedByValue(dev.align.base.NodeName.of(node))
                .build());
    }

    /**
     * The demo organisations (Liquibase context "demo") load only where they belong: by default
     * ({@code align.demo-data=auto}) on the embedded database, never on a server named by DB_URL
     * unless {@code ALIGN_DEMO_DATA=true} says so (multi-node demos, tests).
     */
    @Bean
    static BeanPostProcessor demoDataContexts(Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof SpringLiquibase liquibase) {
                    String migrator = environment.getProperty("align.migration.user", "");
                    // The sandbox's tables only where the sandbox runs (decided before, see SandboxSwitch).
                    liquibase.setContexts(liquibaseContexts(environment.getProperty("align.demo-data", "auto"),
                            !StringUtils.hasText(environment.getProperty("spring.datasource.url")))
                            + (environment.getProperty("illumera.sandbox.enabled", Boolean.class, false) ? ",sandbox" : "")
                            + (migrator.isBlank() ? "" : ",grants"));
                    if (!migrator.isBlank()) {
                        // Least privilege (docker/mariadb/least-privilege.sql): the schema is changed by an account
                        // of its own, which then gives the application's account its row rights (grants.sql).
                        liquibase.setDataSource(new SimpleDriverDataSource(new org.mariadb.jdbc.Driver(),
                                environment.getRequiredProperty("spring.datasource.url"), migrator,
                                environment.getProperty("align.migration.password", "")));
                        liquibase.setChangeLogParameters(java.util.Map.of(
                                "appUser", accountPart("DB_USER", environment.getProperty("spring.datasource.username", "")),
                                "appHost", accountPart("ALIGN_DB_USER_HOST",
                                        environment.getProperty("align.migration.app-host", "%"))));
                    }
                }
                return bean;
            }
        };
    }

    /** A part of a MariaDB account name, pasted into grants.sql by Liquibase: plain characters only. */
    static String accountPart(String setting, String value) {
        if (!value.matches("[A-Za-z0-9_.%-]{1,80}")) {
            throw new IllegalStateException(setting + " may hold letters, digits and _ . % - only (for the grants"
                    + " made at start with ALIGN_MIGRATION_USER), not: " + value);
        }
        return value;
    }

    static String liquibaseContexts(String demoData, boolean embedded) {
        String setting = demoData.strip().toLowerCase(java.util.Locale.ROOT);
        boolean demo = setting.equals("true") || (setting.equals("auto") && embedded);
        return demo ? "schema,demo" : "schema";
    }

    /** Without {@code spring.datasource.url} (DB_URL), Align runs on an embedded MariaDB. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(NoDatabaseUrl.class)
    static class EmbeddedDatabaseConfig {

        @Bean
        DataSource dataSource(@Value("${align.embedded-db.base-dir}") Path baseDir,
                              @Value("${align.embedded-db.data-dir}") Path dataDir) {
            String url = EmbeddedMariaDb.jdbcUrl(baseDir, dataDir, "align");
            return DataSourceBuilder.create().type(HikariDataSource.class)
                    .url(url).username("root").password("").build();
        }
    }

    static class NoDatabaseUrl implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
