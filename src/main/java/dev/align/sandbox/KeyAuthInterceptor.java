package dev.align.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What every /v1 call goes through, in the contract's order: the key (format, known, not revoked,
 * not expired), the rate limit (headers on every answer, 429 without using a token), then injected
 * faults. The rate limit's buckets live in the database, shared by all nodes that serve the sandbox.
 */
@Component
@ConditionalOnProperty(name = "illumera.sandbox.enabled", havingValue = "true")
class KeyAuthInterceptor implements HandlerInterceptor {

    static final Pattern KEY = Pattern.compile("ilm_(live|test)_[A-Za-z0-9]{32}");

    private final SandboxStore store;
    private final SandboxClock clock;
    private final Faults faults;
    private final RequestLog requests;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    KeyAuthInterceptor(SandboxStore store, SandboxClock clock, Faults faults, RequestLog requests, JdbcClient jdbc,
                       TransactionTemplate transactions) {
        this.store = store;
        this.clock = clock;
        this.faults = faults;
        this.requests = requests;
        this.jdbc = jdbc;
        this.transactions = transactions;
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
        request.setAttribute(ARRIVED, clock.now());
        try {
            if (!clock.now().isBefore(stored.expiresAt())) {
                throw ApiError.keyExpired();
            }
            var outcome = rateLimit(stored.id());
            response.setHeader("RateLimit-Limit", "600");
            response.setHeader("RateLimit-Remaining", Integer.toString(outcome.remaining()));
            response.setHeader("RateLimit-Reset", Long.toString(outcome.resetSeconds()));
            if (!outcome.allowed()) {
                throw ApiError.rateLimited(outcome.retryAfterSeconds());
            }
            faults.apply(stored.id());
        } catch (ApiError refused) {
            // afterCompletion is not called when preHandle fails, so refused requests are logged here.
            requests.record(stored.id(), new RequestLog.Entry((Instant) request.getAttribute(ARRIVED),
                    request.getMethod(), request.getRequestURI(), refused.status));
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
            requests.record((String) keyId, new RequestLog.Entry((Instant) request.getAttribute(ARRIVED),
                    request.getMethod(), request.getRequestURI(), response.getStatus()));
        }
    }

    /**
     * One token from the key's bucket, in the database (with its clock) so that all nodes share it.
     * The row is locked first (an INSERT IGNORE on an existing row would take a shared lock, and two
     * requests upgrading theirs deadlock); the rare deadlock of a key's very first requests is retried.
     */
    private TokenBucket.Outcome rateLimit(String keyId) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(tx -> {
                    var bucket = lockBucket(keyId);
                    if (bucket.isEmpty()) {
                        jdbc.sql("INSERT IGNORE INTO sbx_rate_bucket (key_id, tokens, updated_at) VALUES (?, ?, NOW(6))")
                                .params(keyId, TokenBucket.CAPACITY).update();
                        bucket = lockBucket(keyId);
                    }
                    var outcome = TokenBucket.take(bucket.get()[0], bucket.get()[1]);
                    jdbc.sql("UPDATE sbx_rate_bucket SET tokens = ?, updated_at = NOW(6) WHERE key_id = ?")
                            .params(outcome.tokensAfter(), keyId).update();
                    return outcome;
                });
            } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    private java.util.Optional<double[]> lockBucket(String keyId) {
        return jdbc.sql("SELECT tokens, TIMESTAMPDIFF(MICROSECOND, updated_at, NOW(6)) AS elapsed"
                        + " FROM sbx_rate_bucket WHERE key_id = ? FOR UPDATE")
                .param(keyId)
                .query((rs, n) -> new double[] {rs.getDouble("tokens"), rs.getLong("elapsed") / 1e6})
                .optional();
    }

    /**
     * Fault injection: leaves the key's bucket ("*": every key's) with this many tokens, so its next
     * requests get 429 with Retry-After until it refills.
     */
    void drain(String keyId, double tokensLeft) {
        if (keyId.equals(Faults.GLOBAL)) {
            jdbc.sql("INSERT INTO sbx_rate_bucket (key_id, tokens, updated_at) SELECT id, ?, NOW(6) FROM sbx_api_key"
                            + " ON DUPLICATE KEY UPDATE tokens = VALUES(tokens), updated_at = VALUES(updated_at)")
                    .param(tokensLeft).update();
        } else {
            jdbc.sql("INSERT INTO sbx_rate_bucket (key_id, tokens, updated_at) VALUES (?, ?, NOW(6))"
                            + " ON DUPLICATE KEY UPDATE tokens = VALUES(tokens), updated_at = VALUES(updated_at)")
                    .params(keyId, tokensLeft).update();
        }
    }

    private static final String KEY_ID = KeyAuthInterceptor.class.getName() + ".keyId";
    private static final String ARRIVED = KeyAuthInterceptor.class.getName() + ".arrived";
}
