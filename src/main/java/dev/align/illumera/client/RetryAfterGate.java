package dev.align.illumera.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers, per API key, until when Illumera asked us to stay away (Retry-After of a 429), so that
 * no call of any client on this node reaches Illumera with that key before then.
 */
public final class RetryAfterGate {

    private final Clock clock;
    private final Map<String, Instant> blockedUntil = new ConcurrentHashMap<>();

    public RetryAfterGate(Clock clock) {
        this.clock = clock;
    }

    void block(String apiKey, Duration retryAfter) {
        Instant until = clock.instant().plus(retryAfter);
        blockedUntil.merge(fingerprint(apiKey), until, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** Below this many tokens left, the key's calls are spaced at its sustained rate. */
    static final int PACE_BELOW = 3;

    /**
     * Paces by the contract's RateLimit headers: near an empty bucket, the next call of the key waits
     * one refill interval (60 s / the per-minute limit), so that Illumera rarely has to answer 429.
     */
    void pace(String apiKey, int perMinute, int remaining) {
        if (perMinute > 0 && remaining < PACE_BELOW) {
            block(apiKey, Duration.ofMillis((long) Math.ceil(60_000.0 / perMinute)));
        }
    }

    /** How long the key must still wait; zero when it may call now. */
    Duration remaining(String apiKey) {
        Instant until = blockedUntil.get(fingerprint(apiKey));
        if (until == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), until);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** Keys are kept as hashes: the gate never holds a usable secret. */
    private static String fingerprint(String apiKey) {
        return dev.align.base.Sha256.hex(apiKey);
    }
}
