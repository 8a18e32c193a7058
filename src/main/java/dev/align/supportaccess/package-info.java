/**
 * Support access (PRODUCT §7): support staff open a time-limited, read-only grant to one organisation
 * with a reason; the grant and every screen opened under it are audit records the organisation sees,
 * and its Owners and Admins can revoke it.
 */
package dev.align.supportaccess;
