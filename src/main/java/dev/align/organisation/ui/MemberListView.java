package dev.align.organisation.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.organisation.Member;
import dev.align.organisation.OrganisationService;
import dev.align.security.Access;
import jakarta.annotation.security.RolesAllowed;

@Route("people")
@PageTitle("People · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN})
class MemberListView extends VerticalLayout {

    final Grid<Member> grid = new Grid<>();

    MemberListView(OrganisationService organisations) {
        setSizeFull();
        grid.addColumn(Member::displayName).setHeader("Name");
        grid.addColumn(Member::email).setHeader("E-mail");
        grid.addColumn(m -> m.role().label()).setHeader("Role");
        grid.setItems(query -> organisations.members(query.getOffset(), query.getLimit()).stream());
        grid.setSizeFull();
        add(new H2("People of " + organisations.current().name()), grid);
    }
}
