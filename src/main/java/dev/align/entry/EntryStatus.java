package dev.align.entry;

/** The fixed set of entry statuses (documented in the README), each in one category. */
public enum EntryStatus {
    BACKLOG("Backlog", StatusCategory.TO_DO),
    TODO("To do", StatusCategory.TO_DO),
    IN_PROGRESS("In progress", StatusCategory.IN_PROGRESS),
    IN_REVIEW("In review", StatusCategory.IN_PROGRESS),
    BLOCKED("Blocked", StatusCategory.IN_PROGRESS),
    DONE("Done", StatusCategory.DONE),
    CANCELLED("Cancelled", StatusCategory.DONE);

    private final String label;
    private final StatusCategory category;

    EntryStatus(String label, StatusCategory category) {
        this.label = label;
        this.category = category;
    }

    public String label() {
        return label;
    }

    public StatusCategory category() {
        return category;
    }
}
