package dev.align.illumera.sync;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sync's settings bind from configuration with their defaults, as the README's table says. */
class SyncSettingsTest {

    @Test
    void defaults_and_an_operators_override() {
        var defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("illumera.sync", SyncSettings.class);
        assertThat(defaults).isEqualTo(SyncSettings.of(Duration.ofMinutes(5), true));

        var set = new Binder(new MapConfigurationPropertySource(Map.of("illumera.sync.interval", "PT1M",
                "illumera.sync.mass-change-share", "0.25", "illumera.sync.start-on-save", "false",
                "illumera.sync.push", "false", "illumera.sync.push-delay", "PT1S")))
                .bindOrCreate("illumera.sync", SyncSettings.class);
        assertThat(set.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.massChangeShare()).isEqualTo(0.25);
        assertThat(set.startOnSave()).isFalse();
        assertThat(set.push()).isFalse();
        assertThat(set.pushDelay()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a_lock_shorter_than_the_keep_alive_allows_is_refused_at_start_not_at_every_run() {
        var binder = new Binder(new MapConfigurationPropertySource(Map.of("illumera.sync.lock-at-most-for", "PT10S")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> binder.bindOrCreate("illumera.sync", SyncSettings.class))
                .rootCause().hasMessageContaining("ILLUMERA_SYNC_LOCK_AT_MOST_FOR must be at least PT30S");
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of("illumera.sync.lock-at-most-for", "PT30S")))
                .bindOrCreate("illumera.sync", SyncSettings.class).lockAtMostFor()).isEqualTo(Duration.ofSeconds(30));
    }
}
