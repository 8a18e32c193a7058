package dev.align.support;

/** An organisation made for one test, with one person per role (e-mails unique to the test). */
public record Tenant(long id, String name, String owner, String admin, String member) {
}
