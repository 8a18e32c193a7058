package dev.align.organisation.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.organisation.OrganisationInfo;
import dev.align.organisation.OrganisationService;
import dev.align.security.Access;
import jakarta.annotation.security.RolesAllowed;

/** Support staff's start page: the organisations they may be asked to help (read-only). */
@Route("support/organisations")
@PageTitle("Organisations · Align support")
@RolesAllowed(Access.SUPPORT_STAFF)
class OrganisationsView extends VerticalLayout {

    final Grid<OrganisationInfo> grid = new Grid<>();

    OrganisationsView(OrganisationService organisations) {
        setSizeFull();
        grid.addColumn(OrganisationInfo::name).setHeader("Organisation");
        grid.addColumn(o -> o.plan().label()).setHeader("Plan");
        grid.addColumn(o -> o.plan().includesIllumera() ? "Included" : "Not included").setHeader("Illumera add-on");
        grid.setItems(query -> organisations.allOrganisations(query.getOffset(), query.getLimit()).stream());
        grid.setSizeFull();
        add(new H2("Organisations"),
                new Paragraph("Support access is read-only. Sync history and audit trails open from here once"
                        + " the Illumera add-on records them."), grid);
    }
}
