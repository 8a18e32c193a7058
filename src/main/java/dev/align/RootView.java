package dev.align;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.Route;
import dev.align.security.CurrentUser;
import jakarta.annotation.security.PermitAll;

/** The start page: an organisation's people land on their entries, support staff on the organisations. */
@Route("")
@PermitAll
class RootView extends Div implements BeforeEnterObserver {

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        boolean inOrganisation = CurrentUser.get().flatMap(u -> u.currentMembership()).isPresent();
        event.forwardTo(inOrganisation ? "entries" : "support/organisations");
    }
}
