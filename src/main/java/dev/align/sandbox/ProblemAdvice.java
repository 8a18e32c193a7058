package dev.align.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every sandbox error leaves as application/problem+json with the contract's code. Errors raised
 * before a handler is chosen (unknown path, unsupported method or media type) reach this advice
 * for every path, so those are answered here only under the sandbox's prefix.
 */
@RestControllerAdvice
@ConditionalOnProperty(name = "illumera.sandbox.enabled", havingValue = "true")
class ProblemAdvice {

    static final MediaType PROBLEM = MediaType.valueOf("application/problem+json");

    @ExceptionHandler(ApiError.class)
    ResponseEntity<Map<String, Object>> apiError(ApiError error) {
        var response = ResponseEntity.status(error.status).contentType(PROBLEM);
        error.headers.forEach(response::header);
        return response.body(problem(error));
    }

    static Map<String, Object> problem(ApiError error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://illumera.example/problems/" + error.code);
        body.put("title", title(error.status));
        body.put("status", error.status);
        body.put("code", error.code);
        body.put("detail", error.getMessage());
        if (!error.errors.isEmpty()) {
            body.put("errors", error.errors);
        }
        if (error.current != null) {
            body.put("current", error.current);
        }
        return body;
    }

    /** The fault "an answer that breaks the contract": 200 with members no resource has. */
    @ExceptionHandler(Faults.Nonsense.class)
    ResponseEntity<Map<String, Object>> nonsense(Faults.Nonsense e) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("surprise", "this is not what the contract promised"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> methodNotAllowed(HttpRequestMethodNotSupportedException e,
                                                         HttpServletRequest request) throws Exception {
        sandboxOnly(e, request);
        var allowed = e.getSupportedHttpMethods() == null ? "" : String.join(", ",
                e.getSupportedHttpMethods().stream().map(Object::toString).toList());
        return apiError(new ApiError(405, "method_not_allowed", "Method " + e.getMethod() + " is not allowed here.",
                List.of(), null, Map.of(HttpHeaders.ALLOW, allowed)));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Map<String, Object>> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request)
            throws Exception {
        sandboxOnly(e, request);
        return apiError(new ApiError(415, "invalid_request", "Send the body as application/json.", List.of(), null,
                Map.of()));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Map<String, Object>> missingHeader(MissingRequestHeaderException e, HttpServletRequest request)
            throws Exception {
        sandboxOnly(e, request);
        return apiError(ApiError.invalid(e.getHeaderName(), "The header " + e.getHeaderName() + " is required."));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> noSuchPath(NoResourceFoundException e, HttpServletRequest request)
            throws Exception {
        sandboxOnly(e, request);
        return apiError(ApiError.notFound("The path /" + e.getResourcePath()));
    }

    /**
     * A transient failure of the sandbox's own database (a lock wait, a deadlock) is what the
     * contract calls 503 unavailable: clients retry it, as they would Illumera's.
     */
    @ExceptionHandler(org.springframework.dao.TransientDataAccessException.class)
    ResponseEntity<Map<String, Object>> transientFailure(org.springframework.dao.TransientDataAccessException e,
                                                         HttpServletRequest request) throws Exception {
        sandboxOnly(e, request);
        return apiError(new ApiError(503, "unavailable", "The sandbox is busy; try again.", List.of(), null,
                Map.of(HttpHeaders.RETRY_AFTER, "1")));
    }

    /** Outside the sandbox, Spring's own handling stays in charge. */
    private static void sandboxOnly(Exception e, HttpServletRequest request) throws Exception {
        if (!request.getRequestURI().startsWith(request.getContextPath() + SandboxConfig.PREFIX + "/")) {
            throw e;
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 409 -> "Conflict";
            case 412 -> "Precondition failed";
            case 413 -> "Content too large";
            case 415 -> "Unsupported media type";
            case 429 -> "Too many requests";
            default -> status >= 500 ? "Service unavailable" : "Error";
        };
    }
}
