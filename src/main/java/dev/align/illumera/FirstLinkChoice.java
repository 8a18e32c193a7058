package dev.align.illumera;

/**
 * Records linked for the first time (initial sync, backfill, reconnect) have no common past to decide
 * from: a blank side takes the other side's value, and two differing values follow this choice.
 */
public enum FirstLinkChoice {
    ALIGN("Keep Align's values"),
    ILLUMERA("Keep Illumera's values"),
    ASK("Ask me for each differing field (conflict inspector)");

    private final String label;

    FirstLinkChoice(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The choice that matches a connection's policy, for settings saved before the choice existed. */
    public static FirstLinkChoice following(ConflictPolicy policy) {
        return switch (policy) {
            case ALIGN_WINS, PREFER_ALIGN_UNLESS_BLANK -> ALIGN;
            case ILLUMERA_WINS, PREFER_ILLUMERA_UNLESS_BLANK -> ILLUMERA;
            case MOST_RECENT, ASK_ME -> ASK;
        };
    }
}
