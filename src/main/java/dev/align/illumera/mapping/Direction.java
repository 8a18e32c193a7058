package dev.align.illumera.mapping;

/** Which way values flow, for the whole connection or for one row. */
public enum Direction {
    ALIGN_TO_ILLUMERA("Align → Illumera"),
    ILLUMERA_TO_ALIGN("Illumera → Align"),
    BIDIRECTIONAL("Both ways");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean toIllumera() {
        return this != ILLUMERA_TO_ALIGN;
    }

    public boolean toAlign() {
        return this != ALIGN_TO_ILLUMERA;
    }

    /** A row may sync in the connection's direction or a narrower one, never wider. */
    public boolean within(Direction connection) {
        return connection == BIDIRECTIONAL || connection == this;
    }
}
