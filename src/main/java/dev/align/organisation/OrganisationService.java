package dev.align.organisation;

import dev.align.base.NotFoundException;
import dev.align.organisation.repository.PeopleRepository;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import dev.align.security.SupportGrants;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.List;
import java.util.Optional;

/** Organisations, their plans and their people. Scoped to the caller's current organisation. */
@Service
@Transactional(readOnly = true)
public class OrganisationService {

    private final PeopleRepository people;
    private final SupportGrants grants;

    OrganisationService(PeopleRepository people, SupportGrants grants) {
        this.people = people;
        this.grants = grants;
    }

    @PreAuthorize(Access.ORG_MEMBER)
    public OrganisationInfo current() {
        long organisationId = CurrentUser.organisationId();
        return people.organisation(organisationId)
                .orElseThrow(() -> new NotFoundException("Organisation", organisationId));
    }

    /**
     * The organisation whose add-on records the caller reads: their own as Owner or Admin, the one a
     * support person holds a live grant for.
     */
    @PreAuthorize(Access.ORG_ADMIN_OR_SUPPORT)
    public OrganisationInfo readable() {
        long organisationId = grants.readableOrganisation();
        return people.organisation(organisationId)
                .orElseThrow(() -> new NotFoundException("Organisation", organisationId));
    }

    /** The member list with roles: for Owners and Admins only. */
    @PreAuthorize(Access.ORG_ADMIN)
    public List<Member> members(int offset, int limit) {
        return people.members(CurrentUser.organisationId(), offset, limit);
    }

    /** Everyone who can be assigned work in the current organisation. */
    @PreAuthorize(Access.ORG_MEMBER_OR_SYNC)
    public List<Person> people() {
        return people.people(CurrentUser.organisationId());
    }

    /** A member of the current organisation, or empty for anyone else (including other tenants' users). */
    @PreAuthorize(Access.ORG_MEMBER_OR_SYNC)
    public Optional<Person> person(long userId) {
        return people.person(CurrentUser.organisationId(), userId);
    }

    /** The signed-in person's colour scheme (their own choice, whatever organisation they work in). */
    @PreAuthorize(Access.PERSON)
    public ColourScheme colourScheme() {
        return people.colourScheme(CurrentUser.require().userId());
    }

    /** Remembers the signed-in person's colour scheme for their next pages and sign-ins. */
    @PreAuthorize(Access.PERSON)
    @Transactional
    public void saveColourScheme(ColourScheme scheme) {
        people.saveColourScheme(CurrentUser.require().userId(), java.util.Objects.requireNonNull(scheme));
    }

    /** All organisations, for platform support staff choosing whom to help. */
    @PreAuthorize(Access.SUPPORT)
    public List<OrganisationInfo> allOrganisations(int offset, int limit) {
        return people.organisations(offset, limit);
    }
}
