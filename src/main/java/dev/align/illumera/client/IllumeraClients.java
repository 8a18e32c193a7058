package dev.align.illumera.client;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * Makes the client of one organisation's connection. All clients of a node share one HTTP client,
 * one Retry-After gate (per key) and a circuit breaker per organisation, so a broken tenant trips
 * only its own breaker.
 */
@Component
public class IllumeraClients {

    private final IllumeraClient.Settings settings;
    private final HttpClient http;
    private final RetryAfterGate gate;
    private final CircuitBreakerRegistry breakers;

    @Autowired
    IllumeraClients(@Value("${illumera.base-url}") URI baseUrl,
                    @Value("${illumera.client.connect-timeout:5s}") Duration connectTimeout,
                    @Value("${illumera.client.read-timeout:20s}") Duration readTimeout,
                    @Value("${illumera.client.max-attempts:4}") int maxAttempts,
                    @Value("${illumera.client.initial-backoff:500ms}") Duration initialBackoff,
                    @Value("${illumera.client.max-retry-after-wait:30s}") Duration maxRetryAfterWait,
                    Clock clock) {
        this(new IllumeraClient.Settings(withoutTrailingSlash(baseUrl), connectTimeout, readTimeout, maxAttempts,
                initialBackoff, maxRetryAfterWait), new RetryAfterGate(clock));
    }

    public IllumeraClients(IllumeraClient.Settings settings, RetryAfterGate gate) {
        this.settings = settings;
        this.gate = gate;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(20)
                .minimumNumberOfCalls(10)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(30))
                .recordException(error -> error instanceof IllumeraException.Unavailable)
                .build());
    }

    public IllumeraClient forOrganisation(long organisationId, String apiKey) {
        return new IllumeraClient(settings, apiKey, http, breakers.circuitBreaker("illumera-organisation-" + organisationId),
                gate);
    }

    public IllumeraClient.Settings settings() {
        return settings;
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }
}
