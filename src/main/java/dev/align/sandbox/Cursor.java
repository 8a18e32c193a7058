package dev.align.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * An opaque page position: the last (updatedAt, id) handed out, or the last id for lists ordered by
 * id, plus the filters it was made with (another filter with the same cursor is refused).
 */
record Cursor(String filters, long afterMillis, String afterId) {

    String encode() {
        String text = afterMillis + "|" + afterId + "|" + filters;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    Instant after() {
        return Instant.ofEpochMilli(afterMillis);
    }

    static Cursor decode(String text, String filters) {
        if (text == null) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 3);
            var cursor = new Cursor(parts[2], Long.parseLong(parts[0]), parts[1]);
            if (!cursor.filters.equals(filters)) {
                throw ApiError.invalid("cursor", "This cursor was made with other filters.");
            }
            return cursor;
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw ApiError.invalid("cursor", "The cursor is not one this API handed out.");
        }
    }
}
