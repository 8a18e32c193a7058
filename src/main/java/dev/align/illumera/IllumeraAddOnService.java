package dev.align.illumera;

import dev.align.organisation.OrganisationService;
import dev.align.security.Access;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The Illumera add-on of the current organisation: for its Owners and Admins only. */
@Service
@Transactional(readOnly = true)
public class IllumeraAddOnService {

    private final OrganisationService organisations;

    IllumeraAddOnService(OrganisationService organisations) {
        this.organisations = organisations;
    }

    @PreAuthorize(Access.ORG_ADMIN)
    public AddOnCard card() {
        var organisation = organisations.current();
        if (!organisation.plan().includesIllumera()) {
            return new AddOnCard(CardState.NOT_INCLUDED, "Not included in your plan",
                    "The Illumera add-on is not part of the " + organisation.plan().label()
                            + " plan. Contact your account manager to add it.");
        }
        return new AddOnCard(CardState.NOT_CONNECTED, "Not connected",
                "Connect Align to your Illumera workspace to sync projects, entries and releases.");
    }
}
