/**
 * The Illumera sandbox: a stateful implementation of the Illumera REST contract
 * ({@code docs/api/illumera-v1.openapi.yaml}) served under {@code /illumera-sandbox}, with its own
 * {@code sbx_} tables. Align's own code never imports it; it talks to it over HTTP like to Illumera.
 */
package dev.align.sandbox;
