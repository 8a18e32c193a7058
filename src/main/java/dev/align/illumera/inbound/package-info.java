/**
 * Illumera's webhooks to Align (issue 14): the receiving endpoint, registration and rotation, and the
 * state the card shows. One public service, {@link dev.align.illumera.inbound.InboundWebhooks}.
 */
package dev.align.illumera.inbound;
