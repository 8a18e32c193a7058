package dev.align.sandbox;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Injected faults, global or per key (admin API, test/demo mode only): a share of 5xx answers and
 * added latency. (429 bursts drain the key's token bucket; key expiry moves the key's expiresAt.)
 */
@Component
class Faults {

    record Setting(double errorRate, long latencyMillis) {
        static final Setting NONE = new Setting(0, 0);
    }

    static final String GLOBAL = "*";

    private final Map<String, Setting> settings = new ConcurrentHashMap<>();
    private volatile double webhookDropRate;

    /** The share of webhook deliveries lost for good (sent never, retried never). */
    void dropWebhooks(double rate) {
        webhookDropRate = rate;
    }

    double webhookDropRate() {
        return webhookDropRate;
    }

    void set(String keyId, Setting setting) {
        settings.put(keyId == null ? GLOBAL : keyId, setting);
    }

    void clear() {
        settings.clear();
        webhookDropRate = 0;
    }

    /** Applies the faults for this key: sleeps for the latency, then maybe fails with 503. */
    void apply(String keyId) {
        Setting setting = settings.getOrDefault(keyId, settings.getOrDefault(GLOBAL, Setting.NONE));
        if (setting.latencyMillis() > 0) {
            try {
                Thread.sleep(setting.latencyMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (setting.errorRate() > 0 && ThreadLocalRandom.current().nextDouble() < setting.errorRate()) {
            throw ApiError.unavailable("Injected fault: the sandbox is pretending to be unavailable.");
        }
    }
}
