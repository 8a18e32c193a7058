package dev.align.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What every /v1 call goes through, in the contract's order: the key (format, known, not revoked,
 * not expired), the rate limit (headers on every answer, 429 without using a token), then injected
 * faults. The rate limit is kept per node (in memory): with several nodes a key gets that much per node.
 */
@Component
class KeyAuthInterceptor implements HandlerInterceptor {

    private static final Pattern KEY = Pattern.compile("ilm_(live|test)_[A-Za-z0-9]{32}");

    private final SandboxStore store;
    private final SandboxClock clock;
    private final Faults faults;
    private final RequestLog requests;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    KeyAuthInterceptor(SandboxStore store, SandboxClock clock, Faults faults, RequestLog requests) {
        this.store = store;
        this.clock = clock;
        this.faults = faults;
        this.requests = requests;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String header = request.getHeader("Authorization");
        String key = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
        if (!KEY.matcher(key).matches()) {
            throw ApiError.invalidKey();
        }
        var stored = store.keyByHash(Ids.sha256(key)).filter(k -> !k.revoked()).orElseThrow(ApiError::invalidKey);
        request.setAttribute(KEY_ID, stored.id());
        try {
            if (!clock.now().isBefore(stored.expiresAt())) {
                throw ApiError.keyExpired();
            }
            var outcome = bucket(stored.id()).take(System.nanoTime());
            response.setHeader("RateLimit-Limit", "600");
            response.setHeader("RateLimit-Remaining", Integer.toString(outcome.remaining()));
            response.setHeader("RateLimit-Reset", Long.toString(outcome.resetSeconds()));
            if (!outcome.allowed()) {
                throw ApiError.rateLimited(outcome.retryAfterSeconds());
            }
            faults.apply(stored.id());
        } catch (ApiError refused) {
            // afterCompletion is not called when preHandle fails, so refused requests are logged here.
            requests.record(stored.id(), new RequestLog.Entry(clock.now(), request.getMethod(), request.getRequestURI(),
                    refused.status));
            throw refused;
        }
        request.setAttribute(Caller.ATTRIBUTE, new Caller(stored.id(), store.keyWorkspaces(stored.id())));
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        Object keyId = request.getAttribute(KEY_ID);
        if (keyId != null) {
            requests.record((String) keyId, new RequestLog.Entry(clock.now(), request.getMethod(),
                    request.getRequestURI(), response.getStatus()));
        }
    }

    /** Fault injection: the next requests of this key get 429 until the bucket refills. */
    void drain(String keyId, double tokensLeft) {
        if (keyId.equals(Faults.GLOBAL)) {
            buckets.values().forEach(bucket -> bucket.drain(System.nanoTime(), tokensLeft));
        } else {
            bucket(keyId).drain(System.nanoTime(), tokensLeft);
        }
    }

    private TokenBucket bucket(String keyId) {
        return buckets.computeIfAbsent(keyId, k -> new TokenBucket(System.nanoTime()));
    }

    private static final String KEY_ID = KeyAuthInterceptor.class.getName() + ".keyId";
}
