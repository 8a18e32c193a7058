package dev.align.sandbox;

import dev.align.webhooks.StandardWebhooks;
import dev.align.webhooks.WebhookSecret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends pending deliveries per Standard Webhooks: signed with the webhook's secret (and with the
 * previous one for 24 h after a rotation), retried on non-2xx or time-out after 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h (multiplied by {@code illumera.sandbox.webhooks.retry-scale}, small in tests),
 * and a webhook failing for 5 days is disabled.
 */
@Component
@ConditionalOnProperty(name = "illumera.sandbox.enabled", havingValue = "true")
class WebhookDispatcher {

    static final List<Duration> RETRIES = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    private static final Duration DISABLE_AFTER = Duration.ofDays(5);
    private static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final SandboxStore store;
    private final SandboxClock clock;
    private final Faults faults;
    private final TransactionTemplate transactions;
    private final double scale;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final WebhookTargets targets;

    WebhookDispatcher(SandboxStore store, SandboxClock clock, Faults faults, TransactionTemplate transactions,
                      WebhookTargets targets, @Value("${illumera.sandbox.webhooks.retry-scale:1.0}") double scale) {
        this.targets = targets;
        this.store = store;
        this.clock = clock;
        this.faults = faults;
        this.transactions = transactions;
        this.scale = scale;
    }

    @Scheduled(fixedDelayString = "${illumera.sandbox.webhooks.poll:1s}")
    void deliverDue() {
        Instant now = clock.now();
        // The lease outlasts the sends of a whole claim (10 deliveries of at most 15 s each).
        List<SandboxStore.Delivery> due = transactions.execute(tx ->
                store.claimDueDeliveries(now, now.plus(Duration.ofMinutes(10)), 10));
        for (var delivery : due) {
            deliver(delivery);
        }
    }

    private void deliver(SandboxStore.Delivery delivery) {
        var webhook = store.webhook(delivery.webhookId()).orElse(null);
        if (webhook == null || !webhook.enabled()) {
            store.deliveryOutcome(delivery.id(), "failed", delivery.attempts(), null, clock.now());
            return;
        }
        if (ThreadLocalRandom.current().nextDouble() < faults.webhookDropRate(webhook.workspaceId())) {
            store.deliveryOutcome(delivery.id(), "dropped", delivery.attempts(), null, clock.now());
            return;
        }
        int attempts = delivery.attempts() + 1;
        Integer status = send(webhook, delivery);
        Instant now = clock.now();
        boolean delivered = status != null && status >= 200 && status < 300;
        store.webhookOutcome(webhook.id(), delivered, now);
        if (delivered) {
            store.deliveryOutcome(delivery.id(), "delivered", attempts, status, now);
        } else if (attempts > RETRIES.size()) {
            store.deliveryOutcome(delivery.id(), "failed", attempts, status, now);
        } else {
            store.deliveryOutcome(delivery.id(), "pending", attempts, status, now.plus(scaled(RETRIES.get(attempts - 1))));
        }
        var failingSince = store.webhook(webhook.id()).map(SandboxStore.Webhook::failingSince).orElse(null);
        if (!delivered && failingSince != null && failingSince.plus(scaled(DISABLE_AFTER)).isBefore(now)) {
            log.info("Disabling webhook {}: its deliveries have failed for 5 days", webhook.id());
            store.disableWebhook(webhook.id());
        }
    }

    private Integer send(SandboxStore.Webhook webhook, SandboxStore.Delivery delivery) {
        if (!targets.allows(webhook.url())) { // registered before the allowed targets changed: never sent
            return null;
        }
        long timestamp = clock.now().getEpochSecond();
        String signature = StandardWebhooks.sign(WebhookSecret.parse(webhook.secret()), delivery.id(), timestamp,
                delivery.body());
        if (webhook.previousSecret() != null && webhook.rotatedAt() != null
                && webhook.rotatedAt().plus(ROTATION_OVERLAP).isAfter(clock.now())) {
            signature += " " + StandardWebhooks.sign(WebhookSecret.parse(webhook.previousSecret()), delivery.id(),
                    timestamp, delivery.body());
        }
        var request = HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header(StandardWebhooks.ID, delivery.id())
                .header(StandardWebhooks.TIMESTAMP, Long.toString(timestamp))
                .header(StandardWebhooks.SIGNATURE, signature)
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Duration scaled(Duration duration) {
        return Duration.ofMillis(Math.max(1, (long) (duration.toMillis() * scale)));
    }
}
