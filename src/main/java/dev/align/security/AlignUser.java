package dev.align.security;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The signed-in person. Their authorities are the role in the <em>current</em> organisation only
 * (plus SUPPORT for platform staff), so that method security checks role and tenant together.
 */
public final class AlignUser implements UserDetails, CredentialsContainer {

    private final long userId;
    private final String email;
    private final String displayName;
    private String passwordHash;
    private final boolean supportStaff;
    private final boolean enabled;
    private final List<OrganisationMembership> memberships;
    private final Long currentOrganisationId;
    /** Support staff only: the organisation they chose to look at (readable only under a live grant). */
    private final Long supportOrganisationId;

    public AlignUser(long userId, String email, String displayName, String passwordHash, boolean supportStaff,
                     boolean enabled, List<OrganisationMembership> memberships) {
        this(userId, email, displayName, passwordHash, supportStaff, enabled, memberships,
                memberships.isEmpty() ? null : memberships.getFirst().organisationId(), null);
    }

    private AlignUser(long userId, String email, String displayName, String passwordHash, boolean supportStaff,
                      boolean enabled, List<OrganisationMembership> memberships, Long currentOrganisationId,
                      Long supportOrganisationId) {
        this.userId = userId;
        this.email = email;
        this.displayName = displayName;
        this.passwordHash = passwordHash;
        this.supportStaff = supportStaff;
        this.enabled = enabled;
        this.memberships = List.copyOf(memberships);
        this.currentOrganisationId = currentOrganisationId;
        this.supportOrganisationId = supportOrganisationId;
    }

    /** The same person with another current organisation; refused unless they belong to it. */
    public AlignUser withCurrentOrganisation(long organisationId) {
        if (memberships.stream().noneMatch(m -> m.organisationId() == organisationId)) {
            throw new AccessDeniedException("Not a member of organisation " + organisationId);
        }
        return new AlignUser(userId, email, displayName, passwordHash, supportStaff, enabled, memberships,
                organisationId, supportOrganisationId);
    }

    /**
     * Support staff looking at an organisation; refused to anyone else. What they may read there is
     * decided at every call by a live grant ({@link SupportGrants}), not by this choice.
     */
    public AlignUser withSupportOrganisation(long organisationId) {
        if (!supportStaff) {
            throw new AccessDeniedException("Only support staff act for another organisation");
        }
        return new AlignUser(userId, email, displayName, passwordHash, supportStaff, enabled, memberships,
                currentOrganisationId, organisationId);
    }

    /** Whether {@code now} (the same person as stored now) grants exactly what this session holds. */
    boolean sameAccessAs(AlignUser now) {
        return now.supportStaff == supportStaff && now.enabled == enabled && now.memberships.equals(memberships);
    }

    /**
     * This session's person with the access {@code now} gives: the current organisation stays if they
     * still belong to it (else their first one), the organisation support staff look at stays only
     * while they are support staff.
     */
    AlignUser following(AlignUser now) {
        Long current = now.memberships.stream().anyMatch(m -> currentOrganisationId != null
                && m.organisationId() == currentOrganisationId) ? currentOrganisationId
                : now.memberships.isEmpty() ? null : now.memberships.getFirst().organisationId();
        return new AlignUser(userId, email, displayName, null, now.supportStaff, now.enabled, now.memberships,
                current, now.supportStaff ? supportOrganisationId : null);
    }

    public Optional<Long> supportOrganisationId() {
        return Optional.ofNullable(supportOrganisationId);
    }

    public long userId() {
        return userId;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName;
    }

    public boolean supportStaff() {
        return supportStaff;
    }

    public List<OrganisationMembership> memberships() {
        return memberships;
    }

    public Optional<OrganisationMembership> currentMembership() {
        return memberships.stream()
                .filter(m -> currentOrganisationId != null && m.organisationId() == currentOrganisationId)
                .findFirst();
    }

    public Optional<Role> currentRole() {
        return currentMembership().map(OrganisationMembership::role);
    }

    /** An Owner or Admin of the current organisation: configures and repairs, where others only read. */
    public boolean administers() {
        return currentRole().filter(role -> role == Role.OWNER || role == Role.ADMIN).isPresent();
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> authorities = new ArrayList<>();
        currentRole().ifPresent(role -> authorities.add(new SimpleGrantedAuthority(role.authority())));
        if (supportStaff) {
            authorities.add(new SimpleGrantedAuthority("ROLE_SUPPORT"));
        }
        return authorities;
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlignUser user && user.userId == userId;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(userId);
    }

    @Override
    public String toString() {
        return "AlignUser[" + userId + ", " + email + "]";
    }
}
