package dev.align.illumera.mapping;

/** The Align fields a mapping has a row for, in the order the settings panel shows them. */
public enum AlignField {
    ENTRY_TITLE("Entry title", ValueType.TEXT),
    ENTRY_STATUS("Entry status", ValueType.STATUS),
    ASSIGNED_USER("Assigned user", ValueType.USER),
    PROJECT("Project", ValueType.WORKSPACE),
    RELEASE("Release", ValueType.SPRINT),
    DUE_DATE("Due date", ValueType.DATE),
    TRACKED_TIME("Tracked time (minutes)", ValueType.NUMBER);

    private final String label;
    private final ValueType type;

    AlignField(String label, ValueType type) {
        this.label = label;
        this.type = type;
    }

    /** The label of a field stored by name; the name itself for one this version does not know. */
    public static String labelOf(String name) {
        for (AlignField field : values()) {
            if (field.name().equals(name)) {
                return field.label();
            }
        }
        return name;
    }

    public String label() {
        return label;
    }

    public ValueType type() {
        return type;
    }
}
