package dev.align.organisation;

import dev.align.security.Role;

public record Member(long userId, String displayName, String email, Role role) {
}
