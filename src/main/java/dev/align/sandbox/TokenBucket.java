package dev.align.sandbox;

/**
 * Illumera's rate limit, per key: 600 requests a minute as a token bucket with a burst of 100. Pure
 * arithmetic; the bucket's state lives in sbx_rate_bucket so that every node counts the same tokens.
 */
final class TokenBucket {

    static final int CAPACITY = 100;
    static final double PER_SECOND = 600 / 60.0;

    /** The answer to one request, and the tokens left afterwards (a refused request uses none). */
    record Outcome(boolean allowed, double tokensAfter, int remaining, long resetSeconds, long retryAfterSeconds) {
    }

    private TokenBucket() {
    }

    static Outcome take(double tokens, double elapsedSeconds) {
        double available = Math.min(CAPACITY, tokens + Math.max(0, elapsedSeconds) * PER_SECOND);
        if (available < 1) {
            long retryAfter = Math.max(1, (long) Math.ceil((1 - available) / PER_SECOND));
            return new Outcome(false, available, 0, reset(available), retryAfter);
        }
        double left = available - 1;
        return new Outcome(true, left, (int) Math.floor(left), reset(left), 0);
    }

    private static long reset(double tokens) {
        return (long) Math.ceil((CAPACITY - tokens) / PER_SECOND);
    }
}
