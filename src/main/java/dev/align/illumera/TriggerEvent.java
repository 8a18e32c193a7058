package dev.align.illumera;

/** The Align events that can start Illumera workflows (POST …/triggers). */
public enum TriggerEvent {
    ENTRY_CREATED("entry.created", "Entry created"),
    ENTRY_STATUS_CHANGED("entry.status_changed", "Entry status changed"),
    RELEASE_PUBLISHED("release.published", "Release published");

    private final String event;
    private final String label;

    TriggerEvent(String event, String label) {
        this.event = event;
        this.label = label;
    }

    public String event() {
        return event;
    }

    public String label() {
        return label;
    }
}
