package dev.align.release;

public enum ReleaseStatus {
    PLANNED("Planned"),
    PUBLISHED("Published");

    private final String label;

    ReleaseStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
