package dev.align.supportaccess.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.base.ui.Formats;
import dev.align.base.ui.Forms;
import dev.align.organisation.OrganisationInfo;
import dev.align.organisation.OrganisationService;
import dev.align.security.Access;
import dev.align.supportaccess.SupportAccess;
import dev.align.supportaccess.SupportGrant;
import jakarta.annotation.security.RolesAllowed;

import java.util.Map;

/**
 * Support staff's start page: the organisations they may be asked to help. Reading one needs a reason
 * and opens a read-only grant for a limited time, which the organisation sees in its audit trail.
 */
@Route("support/organisations")
@PageTitle("Organisations · Align support")
@RolesAllowed(Access.SUPPORT_STAFF)
class OrganisationsView extends VerticalLayout {

    /** Where support staff land once they may read an organisation. */
    static final String FIRST_SCREEN = "settings/add-ons/history";

    final Grid<SupportGrant> live = new Grid<>();
    final Grid<OrganisationInfo> grid = new Grid<>();

    private final SupportAccess access;

    OrganisationsView(OrganisationService organisations, SupportAccess access) {
        this.access = access;
        setSizeFull();
        live.setId("live-grants");
        live.addColumn(SupportGrant::organisationName).setHeader("Organisation").setFlexGrow(1);
        live.addColumn(SupportGrant::reason).setHeader("Reason").setFlexGrow(2);
        live.addColumn(g -> Formats.dateTime(g.expiresAt())).setHeader("Until").setAutoWidth(true);
        live.addComponentColumn(g -> new Button("Continue", e -> enter(g.organisationId()))).setAutoWidth(true);
        live.setAllRowsVisible(true);
        var mine = access.myLiveGrants();
        live.setItems(mine);
        live.setVisible(!mine.isEmpty());

        grid.setId("organisations");
        grid.addColumn(OrganisationInfo::name).setHeader("Organisation");
        grid.addColumn(o -> o.plan().label()).setHeader("Plan");
        grid.addColumn(o -> o.plan().includesIllumera() ? "Included" : "Not included").setHeader("Illumera add-on");
        grid.addComponentColumn(o -> new Button("Ask for access…", e -> ask(o))).setKey("ask").setAutoWidth(true);
        grid.setItems(query -> organisations.allOrganisations(query.getOffset(), query.getLimit()).stream());
        grid.setSizeFull();
        add(new H2("Organisations"),
                new Paragraph("To read an organisation's sync history, conflicts and audit trail, say why: access is"
                        + " read-only, ends by itself, and the organisation sees it (and every screen you open) in its"
                        + " audit trail."),
                new H3("Your access now"), live, new H3("All organisations"), grid);
    }

    private void ask(OrganisationInfo organisation) {
        var dialog = new Dialog();
        dialog.setId("grant-dialog");
        dialog.setHeaderTitle("Read-only access to " + organisation.name());
        var reason = new TextArea("Reason");
        reason.setId("grant-reason");
        reason.setWidthFull();
        reason.setHelperText("A sentence the organisation will read, e.g. what they asked for.");
        var ticket = new TextField("Ticket reference (optional)");
        ticket.setId("grant-ticket");
        var open = new Button("Open read-only access", e -> {
            if (Forms.save(Map.of("reason", reason, "ticket", ticket),
                    () -> access.open(organisation.id(), reason.getValue(), ticket.getValue()))) {
                dialog.close();
                getUI().ifPresent(ui -> ui.getPage().setLocation(FIRST_SCREEN));
            }
        });
        open.setId("open-grant");
        open.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.add(new VerticalLayout(reason, ticket));
        dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), open);
        dialog.open();
    }

    private void enter(long organisationId) {
        access.enter(organisationId);
        // A full load, so that the navigation shows the organisation's screens.
        getUI().ifPresent(ui -> ui.getPage().setLocation(FIRST_SCREEN));
    }
}
