package dev.align.illumera;

/** Who wins when a field changed on both sides since the last sync (the connection's, or one row's). */
public enum ConflictPolicy {
    ALIGN_WINS("Align wins"),
    ILLUMERA_WINS("Illumera wins"),
    PREFER_ALIGN_UNLESS_BLANK("Align wins unless its value is blank"),
    PREFER_ILLUMERA_UNLESS_BLANK("Illumera wins unless its value is blank"),
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
