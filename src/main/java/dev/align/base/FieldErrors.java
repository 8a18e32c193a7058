package dev.align.base;

import java.util.LinkedHashMap;
import java.util.Map;

/** Collects the problems of one submitted form before anything is written. */
public final class FieldErrors {

    private final Map<String, String> errors = new LinkedHashMap<>();

    /** Checks a text field and returns its normalised value (or null when empty). */
    public String text(String field, String value, boolean required, int maxChars, boolean multiLine) {
        TextRules.problem(value, required, maxChars, multiLine).ifPresent(message -> errors.put(field, message));
        String text = TextRules.normalise(value);
        return text.isEmpty() ? null : text;
    }

    public void reject(String field, String message) {
        errors.putIfAbsent(field, message);
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
