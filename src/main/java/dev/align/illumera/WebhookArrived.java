package dev.align.illumera;

/** A verified webhook, seen for the first time: the organisation's records changed in Illumera. */
public record WebhookArrived(long organisationId) {
}
