package dev.align.sandbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxSwitchTest {

    @ParameterizedTest
    @CsvSource({
            "auto, '', true",
            "auto, jdbc:mariadb://db:3306/align, false",
            "AUTO, jdbc:mariadb://db:3306/align, false",
            "true, jdbc:mariadb://db:3306/align, true",
            "false, '', false"})
    void the_sandbox_runs_with_the_embedded_database_or_when_an_operator_says_so(String setting, String url,
                                                                                  boolean enabled) {
        var environment = new MockEnvironment().withProperty(SandboxSwitch.PROPERTY, setting);
        if (!url.isEmpty()) {
            environment.setProperty("spring.datasource.url", url);
        }

        new SandboxSwitch().postProcessEnvironment(environment, null);

        assertThat(environment.getProperty(SandboxSwitch.PROPERTY, Boolean.class)).isEqualTo(enabled);
    }
}
