package dev.align.entry;

/** The category of a status; Illumera statuses have the same three, so mappings can be suggested. */
public enum StatusCategory {
    TO_DO("To do"),
    IN_PROGRESS("In progress"),
    DONE("Done");

    private final String label;

    StatusCategory(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
