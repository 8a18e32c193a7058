package dev.align.security;

/**
 * Method-security expressions used on services. The role authorities always refer to the current
 * organisation (see {@link AlignUser}), so a check here is also a check of the tenant.
 */
public final class Access {

    public static final String ORG_MEMBER = "hasAnyRole('OWNER','ADMIN','MEMBER')";
    public static final String ORG_ADMIN = "hasAnyRole('OWNER','ADMIN')";
    public static final String SUPPORT = "hasRole('SUPPORT')";

    /** View-level names for {@code @RolesAllowed}. */
    public static final String OWNER = "OWNER";
    public static final String ADMIN = "ADMIN";
    public static final String MEMBER = "MEMBER";
    public static final String SUPPORT_STAFF = "SUPPORT";

    private Access() {
    }
}
