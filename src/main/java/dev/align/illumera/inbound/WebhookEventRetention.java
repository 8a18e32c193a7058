package dev.align.illumera.inbound;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;

/**
 * Handled webhook-ids are kept a week (Illumera retries one delivery for about 28 hours), then
 * forgotten nightly on one node, with the sync history's retention.
 */
@Component
class WebhookEventRetention {

    static final Duration KEEP = Duration.ofDays(7);

    private final WebhookEndpoints endpoints;
    private final Clock clock;

    WebhookEventRetention(WebhookEndpoints endpoints, Clock clock) {
        this.endpoints = endpoints;
        this.clock = clock;
    }

    @Scheduled(cron = "${illumera.history.retention-cron:0 40 3 * * *}")
    @SchedulerLock(name = "illumera-webhook-event-retention", lockAtMostFor = "PT30M")
    void forgetOld() {
        endpoints.forgetEventsBefore(clock.instant().minus(KEEP));
    }
}
