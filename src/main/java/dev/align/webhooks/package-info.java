/**
 * The Standard Webhooks signature scheme (HMAC-SHA256 over {@code id.timestamp.body}), shared by the
 * Illumera sandbox (which signs) and Align's inbound webhook endpoint (which verifies). Pure Java on
 * the JDK's {@code javax.crypto}; no Spring.
 */
package dev.align.webhooks;
