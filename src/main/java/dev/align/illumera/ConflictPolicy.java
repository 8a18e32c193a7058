package dev.align.illumera;

/** Who wins when a field changed on both sides since the last sync. */
public enum ConflictPolicy {
    ALIGN_WINS("Align wins"),
    ILLUMERA_WINS("Illumera wins"),
    MOST_RECENT("Most recent change wins"),
    ASK_ME("Ask me (conflict inspector)");

    private final String label;

    ConflictPolicy(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
