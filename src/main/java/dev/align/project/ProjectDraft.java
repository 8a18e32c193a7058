package dev.align.project;

/** What a person submits when creating or editing a project. */
public record ProjectDraft(String name, String description) {

    public static final int NAME_MAX = 200;
    public static final int DESCRIPTION_MAX = 2000;
}
