package dev.align.security;

import java.util.Optional;

/** A person's access as stored now (implemented where people are kept), read again on every request. */
public interface AccountAccess {

    /** The person with their memberships and support role as stored now; empty when gone or disabled. */
    Optional<AlignUser> current(long userId);
}
