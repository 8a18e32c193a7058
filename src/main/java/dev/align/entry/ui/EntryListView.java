package dev.align.entry.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.align.base.ui.Forms;
import dev.align.base.ui.Rows;
import dev.align.entry.Entry;
import dev.align.entry.EntryFilter;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.organisation.OrganisationService;
import dev.align.organisation.Person;
import dev.align.project.Project;
import dev.align.project.ProjectService;
import dev.align.release.Release;
import dev.align.release.ReleaseService;
import dev.align.security.Access;
import jakarta.annotation.security.RolesAllowed;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

@Route("entries")
@PageTitle("Entries · Align")
@RolesAllowed({Access.OWNER, Access.ADMIN, Access.MEMBER})
class EntryListView extends VerticalLayout {

    final TextField titleFilter = new TextField();
    final Select<EntryStatus> statusFilter = new Select<>();
    final ComboBox<Project> projectFilter = new ComboBox<>();
    final ComboBox<Person> assigneeFilter = new ComboBox<>();
    final Grid<Entry> grid = new Grid<>();
    final Button create = new Button("New entry");

    private final EntryService entries;
    private final List<Project> projects;
    private final List<Release> releases;
    private final List<Person> people;

    EntryListView(EntryService entries, ProjectService projectService, ReleaseService releaseService,
                  OrganisationService organisations) {
        this.entries = entries;
        this.projects = projectService.all();
        this.releases = releaseService.all();
        this.people = organisations.people();
        setSizeFull();

        Map<Long, String> projectNames = projects.stream().collect(Collectors.toMap(Project::getId, Project::getName));
        Map<Long, String> releaseNames = releases.stream().collect(Collectors.toMap(Release::getId, Release::getName));
        Map<Long, String> personNames = people.stream()
                .collect(Collectors.toMap(Person::userId, Person::displayName, (a, b) -> a));

        titleFilter.setPlaceholder("Search titles");
        titleFilter.setClearButtonVisible(true);
        titleFilter.setValueChangeMode(ValueChangeMode.LAZY);
        statusFilter.setPlaceholder("Any status");
        statusFilter.setEmptySelectionAllowed(true);
        statusFilter.setEmptySelectionCaption("Any status");
        statusFilter.setItems(EntryStatus.values());
        statusFilter.setItemLabelGenerator(s -> s == null ? "Any status" : s.label());
        projectFilter.setPlaceholder("Any project");
        projectFilter.setItems(projects);
        projectFilter.setItemLabelGenerator(Project::getName);
        projectFilter.setClearButtonVisible(true);
        assigneeFilter.setPlaceholder("Anyone");
        assigneeFilter.setItems(people);
        assigneeFilter.setItemLabelGenerator(Person::displayName);
        assigneeFilter.setClearButtonVisible(true);
        titleFilter.addValueChangeListener(e -> refresh());
        statusFilter.addValueChangeListener(e -> refresh());
        projectFilter.addValueChangeListener(e -> refresh());
        assigneeFilter.addValueChangeListener(e -> refresh());

        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> open(null));

        grid.addColumn(Entry::getTitle).setHeader("Title").setFlexGrow(3);
        grid.addColumn(e -> e.getStatus().label()).setHeader("Status");
        grid.addColumn(name(projectNames, Entry::getProjectId)).setHeader("Project");
        grid.addColumn(name(releaseNames, Entry::getReleaseId)).setHeader("Release");
        grid.addColumn(name(personNames, Entry::getAssigneeId)).setHeader("Assignee");
        grid.addColumn(Entry::getDueDate).setHeader("Due");
        grid.addColumn(Entry::getTrackedMinutes).setHeader("Minutes");
        Rows.onClick(grid, entry -> Forms.openFresh(() -> entries.get(entry.getId()), this::open, this::refresh));
        grid.setSizeFull();
        refresh();

        var toolbar = new HorizontalLayout(new H2("Entries"), titleFilter, statusFilter, projectFilter,
                assigneeFilter, create);
        toolbar.addClassName("view-toolbar");
        toolbar.setWidthFull();
        add(toolbar, grid);
    }

    private static com.vaadin.flow.function.ValueProvider<Entry, String> name(Map<Long, String> names,
                                                                                   Function<Entry, Long> id) {
        return entry -> id.apply(entry) == null ? "" : names.getOrDefault(id.apply(entry), "");
    }

    private void refresh() {
        var filter = new EntryFilter(titleFilter.getValue(), statusFilter.getValue(),
                projectFilter.getValue() == null ? null : projectFilter.getValue().getId(),
                assigneeFilter.getValue() == null ? null : assigneeFilter.getValue().userId());
        grid.setItems(query -> entries.list(filter, query.getOffset(), query.getLimit()).stream());
    }

    private void open(Entry entry) {
        new EntryDialog(entries, projects, releases, people, entry, this::refresh).open();
    }
}
