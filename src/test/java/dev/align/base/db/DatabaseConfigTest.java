package dev.align.base.db;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseConfigTest {

    @ParameterizedTest
    @CsvSource({
            "auto, true, 'schema,demo'",
            "auto, false, schema",
            "true, false, 'schema,demo'",
            "TRUE, true, 'schema,demo'",
            "false, true, schema",
            "false, false, schema"})
    void demo_data_loads_on_the_embedded_database_or_when_asked_for_and_never_otherwise(String setting,
                                                                                          boolean embedded,
                                                                                          String contexts) {
        assertThat(DatabaseConfig.liquibaseContexts(setting, embedded)).isEqualTo(contexts);
    }
}
