package dev.align.illumera.client;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Makes the client of one organisation's connection. All clients of a node share one HTTP client,
 * one Retry-After gate (per key) and a circuit breaker per organisation, so a broken tenant trips
 * only its own breaker.
 */
@Component
public class IllumeraClients {

    private final Supplier<IllumeraClient.Settings> settings;
    private final java.util.Map<Duration, HttpClient> http = new java.util.concurrent.ConcurrentHashMap<>();
    private final RetryAfterGate gate;
    private final CircuitBreakerRegistry breakers;

    /**
     * Settings are read when a client is made: the default base URL names this node's own port,
     * which is known only once the server has started.
     */
    @Autowired
    IllumeraClients(Environment environment, Clock clock) {
        this(() -> new IllumeraClient.Settings(
                        withoutTrailingSlash(URI.create(environment.getRequiredProperty("illumera.base-url"))),
                        environment.getProperty("illumera.client.connect-timeout", Duration.class, Duration.ofSeconds(5)),
                        environment.getProperty("illumera.client.read-timeout", Duration.class, Duration.ofSeconds(20)),
                        environment.getProperty("illumera.client.max-attempts", Integer.class, 4),
                        environment.getProperty("illumera.client.initial-backoff", Duration.class, Duration.ofMillis(500)),
                        environment.getProperty("illumera.client.max-retry-after-wait", Duration.class,
                                Duration.ofSeconds(30))),
                new RetryAfterGate(clock));
    }

    public IllumeraClients(IllumeraClient.Settings settings, RetryAfterGate gate) {
        this(() -> settings, gate);
    }

    private IllumeraClients(Supplier<IllumeraClient.Settings> settings, RetryAfterGate gate) {
        this.settings = settings;
        this.gate = gate;
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(error -> error instanceof IllumeraException.Unavailable)
                .build());
    }

    public IllumeraClient forOrganisation(long organisationId, String apiKey) {
        var current = settings.get();
        // One HTTP client (and its threads) per connect time-out, shared by all organisations.
        var client = http.computeIfAbsent(current.connectTimeout(), timeout -> HttpClient.newBuilder()
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build());
        return new IllumeraClient(current, apiKey, client,
                breakers.circuitBreaker("illumera-organisation-" + organisationId), gate);
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }
}
