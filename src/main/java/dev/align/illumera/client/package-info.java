/**
 * The HTTP client for the Illumera REST contract ({@code docs/api/illumera-v1.openapi.yaml}): typed
 * records, one exception per problem code, timeouts, Resilience4j retries and per-organisation
 * circuit breakers, Retry-After honoured per key. It knows nothing of Align's UI or database, and
 * nothing of the sandbox: it works against any faithful implementation of the contract.
 */
package dev.align.illumera.client;
