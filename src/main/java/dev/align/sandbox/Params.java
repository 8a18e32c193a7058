package dev.align.sandbox;

import jakarta.servlet.http.HttpServletRequest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;

/** Query parameters as the contract wants them: known ones only, each at most once. */
final class Params {

    private final Map<String, String[]> values;

    private Params(Map<String, String[]> values) {
        this.values = values;
    }

    static Params of(HttpServletRequest request, String... allowed) {
        Set<String> known = Set.of(allowed);
        for (var entry : request.getParameterMap().entrySet()) {
            if (!known.contains(entry.getKey())) {
                throw ApiError.invalid(entry.getKey(), "Unknown query parameter " + entry.getKey() + ".");
            }
            if (entry.getValue().length > 1) {
                throw ApiError.invalid(entry.getKey(), "The query parameter " + entry.getKey() + " is repeated.");
            }
        }
        return new Params(request.getParameterMap());
    }

    String get(String name) {
        String[] value = values.get(name);
        return value == null ? null : value[0];
    }

    int limit() {
        String text = get("limit");
        if (text == null) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= 200) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw ApiError.invalid("limit", "limit must be a whole number from 1 to 200.");
    }

    Instant instant(String name) {
        String text = get(name);
        if (text == null) {
            return null;
        }
        try {
            // Timestamps are kept to the millisecond: a finer updatedSince would make the feed exclusive.
            return OffsetDateTime.parse(text).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            throw ApiError.invalid(name, name + " must be an RFC 3339 timestamp such as 2026-11-29T10:15:00Z.");
        }
    }
}
