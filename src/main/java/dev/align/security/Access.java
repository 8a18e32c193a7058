package dev.align.security;

/**
 * Method-security expressions used on services. The role authorities always refer to the current
 * organisation (see {@link AlignUser}), so a check here is also a check of the tenant.
 */
public final class Access {

    public static final String ORG_MEMBER = "hasAnyRole('OWNER','ADMIN','MEMBER')";
    public static final String ORG_ADMIN = "hasAnyRole('OWNER','ADMIN')";
    public static final String SUPPORT = "hasRole('SUPPORT')";
    /**
     * Reads of the add-on's records (history, conflicts, audit): Owners and Admins of their organisation,
     * support staff of the one they hold a live grant for ({@link SupportGrants#readableOrganisation()}).
     */
    public static final String ORG_ADMIN_OR_SUPPORT = "hasAnyRole('OWNER','ADMIN','SUPPORT')";
    /** The Illumera sync acting for its organisation ({@link SyncAgent}); no person holds this role. */
    public static final String SYNC = "hasRole('SYNC')";
    /** Any signed-in person (their own preferences), not the sync acting for a tenant. */
    public static final String PERSON = "isAuthenticated() and !hasRole('SYNC')";
    /** Reads a member may make, and the sync may make for its organisation. */
    public static final String ORG_MEMBER_OR_SYNC = "hasAnyRole('OWNER','ADMIN','MEMBER','SYNC')";

    /** View-level names for {@code @RolesAllowed}. */
    public static final String OWNER = "OWNER";
    public static final String ADMIN = "ADMIN";
    public static final String MEMBER = "MEMBER";
    public static final String SUPPORT_STAFF = "SUPPORT";

    private Access() {
    }
}
