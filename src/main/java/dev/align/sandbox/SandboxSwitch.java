package dev.align.sandbox;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

import java.util.Locale;
import java.util.Map;

/**
 * Decides {@code illumera.sandbox.enabled} before anything reads it. The default {@code auto} serves the
 * sandbox only with the embedded database (the README's first try); on a server database (DB_URL) it
 * stays off unless an operator says {@code ILLUMERA_SANDBOX=true}, so a hosted Align never serves a
 * public demo workspace with a publicly known key. Registered in META-INF/spring.factories.
 */
public class SandboxSwitch implements EnvironmentPostProcessor {

    static final String PROPERTY = "illumera.sandbox.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String setting = environment.getProperty(PROPERTY, "auto");
        if (setting.strip().equalsIgnoreCase("auto")) { // an explicit true or false stands as given
            boolean serverDatabase = StringUtils.hasText(environment.getProperty("spring.datasource.url"));
            environment.getPropertySources().addFirst(new MapPropertySource("illumera-sandbox-auto",
                    Map.of(PROPERTY, String.valueOf(enabled(setting, serverDatabase)))));
        }
    }

    static boolean enabled(String setting, boolean serverDatabase) {
        String value = setting.strip().toLowerCase(Locale.ROOT);
        return value.equals("true") || (value.equals("auto") && !serverDatabase);
    }
}
