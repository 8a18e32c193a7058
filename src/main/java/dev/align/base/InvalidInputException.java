package dev.align.base;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Refused input, with one message per field so that a form can show each on its field. */
public class InvalidInputException extends RuntimeException {

    private final Map<String, String> fieldErrors;

    public InvalidInputException(Map<String, String> fieldErrors) {
        super(describe(fieldErrors));
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
    }

    public InvalidInputException(String field, String message) {
        this(Map.of(field, message));
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    private static String describe(Map<String, String> errors) {
        var text = new StringBuilder("Invalid input:");
        errors.forEach((field, message) -> text.append(' ').append(field).append(": ").append(message));
        return text.toString();
    }
}
