package dev.align.illumera.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import dev.align.base.ui.Formats;
import dev.align.base.ui.Forms;
import dev.align.base.ui.KeysetPages;
import dev.align.base.ui.Screens;
import dev.align.illumera.triggers.WorkflowTriggers;
import dev.align.illumera.triggers.WorkflowTriggers.Delivery;
import dev.align.security.Access;
import jakarta.annotation.security.RolesAllowed;

/**
 * The delivery log of workflow triggers (PRODUCT §4): each Align event sent to Illumera, when, how
 * many attempts, Illumera's answer; a failed one can be sent again (Owners and Admins).
 */
@Route(TriggerDeliveriesView.ROUTE)
@PageTitle("Workflow triggers · Illumera · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN})
class TriggerDeliveriesView extends VerticalLayout implements BeforeEnterObserver {

    static final String ROUTE = "settings/add-ons/triggers";

    final Grid<Delivery> deliveries = new Grid<>();
    final Button sendAgain = new Button("Send again");

    private final WorkflowTriggers triggers;
    private final KeysetPages<Delivery> pages;

    TriggerDeliveriesView(WorkflowTriggers triggers) {
        this.triggers = triggers;
        this.pages = new KeysetPages<>((last, limit) -> triggers.log(last == null ? null : last.id(), limit));
        setSizeFull();
        deliveries.setId("trigger-deliveries");
        deliveries.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        deliveries.addColumn(d -> d.event().label()).setHeader("Event").setWidth("11rem").setFlexGrow(0);
        deliveries.addColumn(Delivery::record).setHeader("Record").setFlexGrow(2);
        deliveries.addColumn(d -> Formats.dateTime(d.occurredAt())).setHeader("Occurred").setWidth("12rem")
                .setFlexGrow(0);
        deliveries.addColumn(TriggerDeliveriesView::state).setHeader("State").setFlexGrow(1);
        deliveries.addColumn(d -> d.answer() == null ? "—" : d.answer()).setHeader("Illumera's answer").setFlexGrow(2);
        deliveries.addSelectionListener(e -> sendAgain.setEnabled(e.getFirstSelectedItem()
                .filter(d -> "Failed".equals(d.state())).isPresent()));
        sendAgain.setEnabled(false);
        sendAgain.addClickListener(e -> deliveries.getSelectedItems().stream().findFirst().ifPresent(this::again));

        add(new H2("Workflow triggers"), Labels.links(new Anchor(SyncHistoryView.ROUTE, "Sync history")),
                new Paragraph("The Align events chosen on the Illumera card, as sent to the connected workspace to"
                        + " start its workflows. Each event starts them once, however often it is sent: an attempt"
                        + " that fails is tried again after 10 s, 30 s, 90 s and so on up to 2 h, eight times in"
                        + " all; after that it waits for you. Select a failed one to send it again."),
                sendAgain, deliveries);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        if (Screens.admitted(event, () -> triggers.log(null, 1))) {
            deliveries.setItems(pages::fetch);
        }
    }

    /** "Delivered · 1 attempt", "Will retry · 2 attempts · next 10:05 UTC", "Failed · 8 attempts". */
    static String state(Delivery d) {
        String text = d.state() + " · " + d.attempts() + (d.attempts() == 1 ? " attempt" : " attempts");
        return d.nextAttemptAt() == null || d.attempts() == 0 ? text : text + " · next " + Formats.dateTime(d.nextAttemptAt());
    }

    private void again(Delivery delivery) {
        try {
            triggers.sendAgain(delivery.id());
            Forms.saved("It is sent again within seconds.");
        } catch (InvalidInputException e) {
            Forms.error(String.join(" ", e.fieldErrors().values()));
        } catch (NotFoundException e) {
            Forms.error("This delivery is no longer there.");
        }
        deliveries.deselectAll();
        deliveries.getDataProvider().refreshAll();
        sendAgain.setEnabled(false);
    }
}
