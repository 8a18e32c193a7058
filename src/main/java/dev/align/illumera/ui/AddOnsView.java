package dev.align.illumera.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.illumera.AddOnCard;
import dev.align.illumera.CardState;
import dev.align.illumera.IllumeraAddOnService;
import dev.align.security.Access;
import jakarta.annotation.security.RolesAllowed;

/** Settings → Add-ons: Owners and Admins of the current organisation only. */
@Route("settings/add-ons")
@PageTitle("Add-ons · Settings · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN})
class AddOnsView extends VerticalLayout {

    final Div card = new Div();
    final Span state = new Span();
    final Button connect = new Button("Connect");

    AddOnsView(IllumeraAddOnService addOn) {
        AddOnCard model = addOn.card();
        card.addClassName("addon-card");
        card.setId("illumera-card");
        state.setText(model.headline());
        state.addClassName("state");
        state.getElement().setAttribute("data-state", model.state().name());
        connect.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        // Connecting arrives with the connection issue; until then the button says so instead of doing nothing.
        connect.setEnabled(false);
        connect.setTooltipText("Connecting to Illumera is not available yet.");
        connect.setVisible(model.state() == CardState.NOT_CONNECTED);
        card.add(new H3("Illumera"), state, new Paragraph(model.detail()), connect);
        add(new H2("Add-ons"), card);
    }
}
