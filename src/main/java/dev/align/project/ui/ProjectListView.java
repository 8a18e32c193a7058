package dev.align.project.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.base.ui.Formats;
import dev.align.base.ui.Forms;
import dev.align.base.ui.Rows;
import dev.align.project.Project;
import dev.align.project.ProjectService;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import jakarta.annotation.security.RolesAllowed;

/** Everyone sees the projects; Owners and Admins create and edit them (the service enforces it). */
@Route("projects")
@PageTitle("Projects · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.MEMBER})
class ProjectListView extends VerticalLayout {

    final TextField nameFilter = new TextField();
    final Grid<Project> grid = new Grid<>();
    final Button create = new Button("New project");

    private final ProjectService projects;
    private final boolean canEdit;

    ProjectListView(ProjectService projects) {
        this.projects = projects;
        this.canEdit = CurrentUser.require().administers();
        setSizeFull();
        nameFilter.setPlaceholder("Search names");
        nameFilter.setClearButtonVisible(true);
        nameFilter.setValueChangeMode(ValueChangeMode.LAZY);
        nameFilter.addValueChangeListener(e -> refresh());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setVisible(canEdit);
        create.addClickListener(e -> new ProjectDialog(projects, null, this::refresh).open());

        grid.addColumn(Project::getName).setHeader("Name").setFlexGrow(2);
        grid.addColumn(Project::getDescription).setHeader("Description").setFlexGrow(3);
        grid.addColumn(p -> Formats.dateTime(p.getUpdatedAt())).setHeader("Last change");
        if (canEdit) {
            Rows.onClick(grid, clicked -> Forms.openFresh(() -> projects.get(clicked.getId()),
                    project -> new ProjectDialog(projects, project, this::refresh).open(), this::refresh));
        }
        grid.setSizeFull();
        refresh();
        var toolbar = new HorizontalLayout(new H2("Projects"), nameFilter, create);
        toolbar.addClassName("view-toolbar");
        add(toolbar, grid);
    }

    private void refresh() {
        String filter = nameFilter.getValue();
        grid.setItems(query -> projects.list(filter, query.getOffset(), query.getLimit()).stream());
    }
}
