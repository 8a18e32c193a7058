package dev.align.organisation;

public record OrganisationInfo(long id, String name, Plan plan) {
}
