package dev.align.sandbox;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Injected faults (admin API, test/demo mode only): per key or global, a share of 5xx answers,
 * added latency and a share of answers that break the contract; per workspace or global, a share of webhook deliveries dropped. (429 bursts drain
 * token buckets; key expiry moves a key's expiresAt.)
 */
@Component
class Faults {

    record Setting(double errorRate, long latencyMillis, double nonsenseRate) {
        static final Setting NONE = new Setting(0, 0, 0);
    }

    /** Thrown to answer 200 with a body that breaks the contract (an Illumera that misbehaves). */
    static final class Nonsense extends RuntimeException {
        Nonsense() {
            super("Injected fault: an answer that breaks the contract", null, false, false);
        }
    }

    static final String GLOBAL = "*";

    private final Map<String, Setting> settings = new ConcurrentHashMap<>();
    private final Map<String, Double> webhookDropRates = new ConcurrentHashMap<>();

    /** The share of webhook deliveries lost for good, for one workspace's webhooks or (null) for all. */
    void dropWebhooks(String workspaceId, double rate) {
        webhookDropRates.put(workspaceId == null ? GLOBAL : workspaceId, rate);
    }

    double webhookDropRate(String workspaceId) {
        return webhookDropRates.getOrDefault(workspaceId, webhookDropRates.getOrDefault(GLOBAL, 0.0));
    }

    void set(String keyId, Setting setting) {
        settings.put(keyId == null ? GLOBAL : keyId, setting);
    }

    void clear() {
        settings.clear();
        webhookDropRates.clear();
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
        if (setting.nonsenseRate() > 0 && ThreadLocalRandom.current().nextDouble() < setting.nonsenseRate()) {
            throw new Nonsense();
        }
    }
}
