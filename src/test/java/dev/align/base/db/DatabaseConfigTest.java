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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "align_app | true",
            "10.0.% | true",
            "app.user-1 | true",
            "x' IDENTIFIED BY 'y | false",
            "a`b | false",
            "'' | false"})
    void account_names_for_the_grants_hold_plain_characters_only(String value, boolean accepted) {
        if (accepted) {
            assertThat(DatabaseConfig.accountPart("DB_USER", value)).isEqualTo(value);
        } else {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DatabaseConfig.accountPart("DB_USER", value))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("DB_USER");
        }
    }
}
