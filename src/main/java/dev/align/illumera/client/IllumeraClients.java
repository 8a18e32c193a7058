package dev.align.illumera.client;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Makes the client of one organisation's connection. All clients of a node share one HTTP client,
 * one Retry-After gate (per key) and a circuit breaker per organisation, so a broken tenant trips
 * only its own breaker.
 */
@Component
@EnableConfigurationProperties(ClientSettings.class)
public class IllumeraClients {

    private final Supplier<IllumeraClient.Settings> settings;
    private final java.util.Map<Duration, HttpClient> http = new java.util.concurrent.ConcurrentHashMap<>();
    private final RetryAfterGate gate;
    private final CircuitBreakerRegistry breakers;
    private final BooleanSupplier builtInSandbox;

    /**
     * Settings are read when a client is made: the default base URL names this node's own port,
     * which is known only once the server has started.
     */
    @Autowired
    IllumeraClients(Environment environment, ClientSettings client, Clock clock) {
        this(() -> client.with(withoutTrailingSlash(URI.create(environment.getRequiredProperty("illumera.base-url")))),
                new RetryAfterGate(clock), () -> environment.getProperty("illumera.sandbox.enabled", Boolean.class, false)
                        && servesItself(environment.getRequiredProperty("illumera.base-url"),
                        environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))));
    }

    public IllumeraClients(IllumeraClient.Settings settings, RetryAfterGate gate) {
        this(() -> settings, gate, () -> false);
    }

    private IllumeraClients(Supplier<IllumeraClient.Settings> settings, RetryAfterGate gate,
                            BooleanSupplier builtInSandbox) {
        this.settings = settings;
        this.gate = gate;
        this.builtInSandbox = builtInSandbox;
        // An unsafe base URL stops the start rather than the first call (only the port may change later).
        settings.get();
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

    /** Organisations whose circuit breaker on this node is open now: Illumera kept failing for them. */
    public long openCircuits() {
        return breakers.getAllCircuitBreakers().stream().filter(breaker -> switch (breaker.getState()) {
            case OPEN, FORCED_OPEN -> true;
            default -> false;
        }).count();
    }

    /**
     * Whether the base URL is the sandbox this node serves itself: its demo key is public, so a real
     * tenant must never be steered there (the connect hint shows only then; the card says "Sandbox").
     */
    public boolean builtInSandbox() {
        return builtInSandbox.getAsBoolean();
    }

    static boolean servesItself(String baseUrl, String localPort) {
        URI uri = withoutTrailingSlash(URI.create(baseUrl.strip()));
        return IllumeraClient.Settings.loopback(uri.getHost() == null ? "" : uri.getHost())
                && String.valueOf(uri.getPort()).equals(localPort)
                && "/illumera-sandbox".equals(uri.getPath());
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }
}
