/**
 * Workflow triggers (PRODUCT §4): a person's Align events, read from the outbox, delivered to
 * Illumera once each, with retries and a delivery log. One public service, {@link
 * dev.align.illumera.triggers.WorkflowTriggers}.
 */
package dev.align.illumera.triggers;
