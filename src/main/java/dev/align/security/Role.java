package dev.align.security;

/** A person's role within one organisation. Support staff are platform staff, outside these roles. */
public enum Role {
    OWNER("Owner"),
    ADMIN("Admin"),
    MEMBER("Member");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
