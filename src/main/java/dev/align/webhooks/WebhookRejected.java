package dev.align.webhooks;

/** A delivery that must not be trusted, with the reason (never including secrets). */
public class WebhookRejected extends RuntimeException {

    public WebhookRejected(String reason) {
        super(reason);
    }
}
