package dev.align.base.db;

import com.zaxxer.hikari.HikariDataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.StringUtils;

import javax.sql.DataSource;
import java.nio.file.Path;

@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    /** ShedLock on the shared database, with the database's clock so that node clocks do not matter. */
    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build());
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
