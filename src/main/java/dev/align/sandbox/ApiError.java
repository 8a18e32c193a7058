package dev.align.sandbox;

import java.util.List;
import java.util.Map;

/** An error answer of the contract: an RFC 9457 problem with one of the contract's codes. */
class ApiError extends RuntimeException {

    record FieldProblem(String field, String message) {
    }

    final int status;
    final String code;
    final List<FieldProblem> errors;
    final Object current;
    final Map<String, String> headers;

    ApiError(int status, String code, String detail, List<FieldProblem> errors, Object current,
             Map<String, String> headers) {
        super(detail);
        this.status = status;
        this.code = code;
        this.errors = errors;
        this.current = current;
        this.headers = headers;
    }

    static ApiError invalid(String detail, List<FieldProblem> errors) {
        return new ApiError(400, "invalid_request", detail, errors, null, Map.of());
    }

    static ApiError invalid(String field, String message) {
        return invalid(message, List.of(new FieldProblem(field, message)));
    }

    static ApiError invalidKey() {
        return new ApiError(401, "invalid_key", "The API key is unknown or revoked.", List.of(), null, Map.of());
    }

    static ApiError keyExpired() {
        return new ApiError(401, "key_expired", "The API key has expired; create a new one.", List.of(), null, Map.of());
    }

    static ApiError forbidden(String workspaceId) {
        return new ApiError(403, "workspace_forbidden", "This key cannot access workspace " + workspaceId + ".",
                List.of(), null, Map.of());
    }

    static ApiError notFound(String what) {
        return new ApiError(404, "not_found", what + " was not found.", List.of(), null, Map.of());
    }

    static ApiError duplicate() {
        return new ApiError(409, "duplicate", "This Idempotency-Key was used with a different body.", List.of(),
                null, Map.of());
    }

    static ApiError versionMismatch(Object current) {
        return new ApiError(412, "version_mismatch", "If-Match does not name the current version.", List.of(),
                current, Map.of());
    }

    static ApiError tooLarge(String detail) {
        return new ApiError(413, "payload_too_large", detail, List.of(), null, Map.of());
    }

    static ApiError rateLimited(long retryAfterSeconds) {
        return new ApiError(429, "rate_limited", "Too many requests; retry after " + retryAfterSeconds + " s.",
                List.of(), null, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }

    static ApiError unavailable(String detail) {
        return new ApiError(503, "unavailable", detail, List.of(), null, Map.of("Retry-After", "1"));
    }
}
