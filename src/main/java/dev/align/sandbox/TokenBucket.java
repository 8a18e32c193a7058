package dev.align.sandbox;

/**
 * Illumera's rate limit, per key: 600 requests a minute as a token bucket with a burst of 100.
 * (A server-side emulation; the client's own limits use Resilience4j.)
 */
final class TokenBucket {

    static final int CAPACITY = 100;
    static final double PER_SECOND = 600 / 60.0;

    private double tokens = CAPACITY;
    private long lastNanos;

    record Outcome(boolean allowed, int remaining, long resetSeconds, long retryAfterSeconds) {
    }

    TokenBucket(long nowNanos) {
        this.lastNanos = nowNanos;
    }

    synchronized Outcome take(long nowNanos) {
        refill(nowNanos);
        if (tokens < 1) {
            long retryAfter = Math.max(1, (long) Math.ceil((1 - tokens) / PER_SECOND));
            return new Outcome(false, 0, reset(), retryAfter);
        }
        tokens -= 1;
        return new Outcome(true, (int) Math.floor(tokens), reset(), 0);
    }

    /** Empties the bucket (fault injection: a burst of 429s until it refills). */
    synchronized void drain(long nowNanos, double tokensLeft) {
        refill(nowNanos);
        tokens = tokensLeft;
    }

    private void refill(long nowNanos) {
        tokens = Math.min(CAPACITY, tokens + (nowNanos - lastNanos) / 1e9 * PER_SECOND);
        lastNanos = nowNanos;
    }

    private long reset() {
        return (long) Math.ceil((CAPACITY - tokens) / PER_SECOND);
    }
}
