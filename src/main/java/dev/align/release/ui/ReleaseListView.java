package dev.align.release.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.base.ui.Forms;
import dev.align.base.ui.Rows;
import dev.align.project.Project;
import dev.align.project.ProjectService;
import dev.align.release.Release;
import dev.align.release.ReleaseService;
import dev.align.release.ReleaseStatus;
import dev.align.security.Access;
import dev.align.security.CurrentUser;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@Route("releases")
@PageTitle("Releases · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.MEMBER})
class ReleaseListView extends VerticalLayout {

    final ComboBox<Project> projectFilter = new ComboBox<>();
    final Select<ReleaseStatus> statusFilter = new Select<>();
    final Grid<Release> grid = new Grid<>();
    final Button create = new Button("New release");

    private final ReleaseService releases;

    ReleaseListView(ReleaseService releases, ProjectService projectService) {
        this.releases = releases;
        List<Project> projects = projectService.all();
        Map<Long, String> projectNames = projects.stream().collect(Collectors.toMap(Project::getId, Project::getName));
        boolean canEdit = CurrentUser.require().administers();
        setSizeFull();

        projectFilter.setPlaceholder("Any project");
        projectFilter.setItems(projects);
        projectFilter.setItemLabelGenerator(Project::getName);
        projectFilter.setClearButtonVisible(true);
        projectFilter.addValueChangeListener(e -> refresh());
        statusFilter.setEmptySelectionAllowed(true);
        statusFilter.setEmptySelectionCaption("Any status");
        statusFilter.setItems(ReleaseStatus.values());
        statusFilter.setItemLabelGenerator(s -> s == null ? "Any status" : s.label());
        statusFilter.addValueChangeListener(e -> refresh());
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setVisible(canEdit);
        create.addClickListener(e -> new ReleaseDialog(releases, projects, null, this::refresh).open());

        grid.addColumn(Release::getName).setHeader("Name").setFlexGrow(2);
        grid.addColumn(r -> projectNames.getOrDefault(r.getProjectId(), "")).setHeader("Project");
        grid.addColumn(Release::getReleaseDate).setHeader("Date");
        grid.addColumn(r -> r.getStatus().label()).setHeader("Status");
        if (canEdit) {
            Rows.onClick(grid, clicked -> Forms.openFresh(() -> releases.get(clicked.getId()),
                    release -> new ReleaseDialog(releases, projects, release, this::refresh).open(), this::refresh));
        }
        grid.setSizeFull();
        refresh();
        var toolbar = new HorizontalLayout(new H2("Releases"), projectFilter, statusFilter, create);
        toolbar.addClassName("view-toolbar");
        add(toolbar, grid);
    }

    private void refresh() {
        Long projectId = projectFilter.getValue() == null ? null : projectFilter.getValue().getId();
        ReleaseStatus status = statusFilter.getValue();
        grid.setItems(query -> releases.list(projectId, status, query.getOffset(), query.getLimit()).stream());
    }
}
