package dev.align.security;

import java.io.Serializable;

public record OrganisationMembership(long organisationId, String organisationName, Role role) implements Serializable {
}
