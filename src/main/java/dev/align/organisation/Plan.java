package dev.align.organisation;

/** An organisation's plan; it decides whether the Illumera add-on is available. */
public enum Plan {
    STARTER("Starter", false),
    BUSINESS("Business", true);

    private final String label;
    private final boolean includesIllumera;

    Plan(String label, boolean includesIllumera) {
        this.label = label;
        this.includesIllumera = includesIllumera;
    }

    public String label() {
        return label;
    }

    public boolean includesIllumera() {
        return includesIllumera;
    }
}
