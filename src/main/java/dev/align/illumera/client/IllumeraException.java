package dev.align.illumera.client;

import dev.align.illumera.client.IllumeraModel.FieldError;
import dev.align.illumera.client.IllumeraModel.Task;

import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

/**
 * What went wrong talking to Illumera, one type per case the add-on must tell apart. Transient
 * cases (unavailable, unreachable, rate limited) are retried by the client before they surface.
 */
public sealed class IllumeraException extends RuntimeException {

    private final int status;

    /** Messages carry Illumera's own words: cleaned and cut before they reach a log or a page. */
    IllumeraException(int status, String message, Throwable cause) {
        super(dev.align.base.TextRules.printable(message, 2000), cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 401 invalid_key: unknown or revoked. */
    public static final class InvalidKey extends IllumeraException {
        InvalidKey(String detail) {
            super(401, detail, null);
        }
    }

    /** 401 key_expired. */
    public static final class KeyExpired extends IllumeraException {
        KeyExpired(String detail) {
            super(401, detail, null);
        }
    }

    /** 403 workspace_forbidden: the key cannot access that workspace. */
    public static final class WorkspaceForbidden extends IllumeraException {
        WorkspaceForbidden(String detail) {
            super(403, detail, null);
        }
    }

    /** 404 not_found. */
    public static final class NotFound extends IllumeraException {
        NotFound(String detail) {
            super(404, detail, null);
        }
    }

    /** 400 invalid_request, with the fields Illumera refused. */
    public static final class InvalidRequest extends IllumeraException {
        private final List<FieldError> errors;

        InvalidRequest(int status, String detail, List<FieldError> errors) {
            super(status, detail, null);
            this.errors = List.copyOf(errors);
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /** 409 duplicate: an Idempotency-Key reused with another body. */
    public static final class Duplicate extends IllumeraException {
        Duplicate(String detail) {
            super(409, detail, null);
        }
    }

    /** 412 version_mismatch, carrying the resource (task, sprint or workspace) as it is now. */
    public static final class VersionMismatch extends IllumeraException {
        private final transient JsonNode current;

        VersionMismatch(String detail, JsonNode current) {
            super(412, detail, null);
            this.current = current;
        }

        public Task current() {
            return current(Task.class);
        }

        public <T> T current(Class<T> type) {
            return IllumeraClient.read(current, type);
        }
    }

    /** 413 payload_too_large. */
    public static final class PayloadTooLarge extends IllumeraException {
        PayloadTooLarge(String detail) {
            super(413, detail, null);
        }
    }

    /** 429 rate_limited, or a call refused locally because the key is inside a Retry-After window. */
    public static final class RateLimited extends IllumeraException {
        private final Duration retryAfter;

        RateLimited(String detail, Duration retryAfter) {
            super(429, detail, null);
            this.retryAfter = retryAfter;
        }

        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** 5xx unavailable, a time-out, a refused connection, or an open circuit breaker: try later. */
    public static final class Unavailable extends IllumeraException {
        Unavailable(int status, String detail, Throwable cause) {
            super(status, detail, cause);
        }
    }

    /** An answer that breaks the contract (wrong shape, missing members, unknown error). Never retried. */
    public static final class ContractViolation extends IllumeraException {
        ContractViolation(int status, String detail, Throwable cause) {
            super(status, detail, cause);
        }
    }

    /** 405 method_not_allowed or another error the contract lists but the add-on cannot act on. */
    public static final class Rejected extends IllumeraException {
        Rejected(int status, String detail) {
            super(status, detail, null);
        }
    }
}
