package dev.align.organisation;

/** A member of the current organisation, as shown when choosing an assignee. */
public record Person(long userId, String displayName, String email) {
}
