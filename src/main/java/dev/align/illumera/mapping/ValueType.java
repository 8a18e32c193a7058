package dev.align.illumera.mapping;

/** The kinds of values a field holds; a row maps only between fields of one kind. */
public enum ValueType {
    TEXT("text"),
    STATUS("status"),
    USER("person"),
    DATE("date"),
    NUMBER("number"),
    OPTION("choice from a list"),
    WORKSPACE("workspace pairing"),
    SPRINT("sprint pairing");

    private final String label;

    ValueType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Illumera's custom field types (from GET …/fields). */
    public static ValueType ofCustomFieldType(String type) {
        return switch (type) {
            case "text" -> TEXT;
            case "number" -> NUMBER;
            case "date" -> DATE;
            case "user" -> USER;
            case "option" -> OPTION;
            default -> throw new IllegalArgumentException("Unknown custom field type " + type);
        };
    }
}
