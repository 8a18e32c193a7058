package dev.align.illumera.client;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's settings bind from configuration with their defaults, as the README's table says. */
class ClientSettingsTest {

    @Test
    void defaults_and_an_operators_override() {
        var defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("illumera.client", ClientSettings.class);
        assertThat(defaults).isEqualTo(new ClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(20), 4,
                Duration.ofMillis(500), Duration.ofSeconds(60), 8L * 1024 * 1024, 20_000, Duration.ofMinutes(15), java.util.List.of()));

        var set = new Binder(new MapConfigurationPropertySource(Map.of("illumera.client.max-retry-after", "PT2M",
                "illumera.client.max-pages-per-read", "50", "illumera.client.plain-http-hosts", " Sandbox , "))).bindOrCreate("illumera.client", ClientSettings.class);
        assertThat(set.maxRetryAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(set.maxPagesPerRead()).isEqualTo(50);
        assertThat(set.with(java.net.URI.create("https://api.illumera.example")).maxPagesPerRead()).isEqualTo(50);
        assertThat(set.with(java.net.URI.create("http://sandbox:9090/illumera-sandbox")).plainHttpHosts())
                .as("trimmed, lower case, blanks dropped").containsExactly("sandbox");
    }
}
