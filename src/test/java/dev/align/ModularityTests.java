package dev.align;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(Application.class);

    @Test
    void modules_depend_only_on_each_others_public_api_and_have_no_cycles() {
        modules.verify();
    }

    @Test
    void the_expected_feature_modules_exist() {
        assertThat(modules.stream().map(m -> m.getIdentifier().toString()))
                .contains("organisation", "project", "release", "entry", "outbox", "illumera", "security", "base");
    }
}
