package dev.align.entry.ui;

import com.github.mvysny.kaributesting.v10.GridKt;
import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryFilter;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.organisation.Plan;
import dev.align.project.Project;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;
import dev.align.support.KaribuTestBase;
import dev.align.support.Tenant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.LocalDate;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static org.assertj.core.api.Assertions.assertThat;

class EntryListViewTest extends KaribuTestBase {

    @Autowired ProjectService projects;
    @Autowired EntryService entries;

    Tenant tenant;
    Project project;

    @BeforeEach
    void setUp() {
        tenant = data.tenant(Plan.BUSINESS);
        signIn(tenant.admin());
        project = projects.create(new ProjectDraft("Website", null));
        entries.create(new EntryDraft(project.getId(), null, "Existing entry", EntryStatus.TODO, null, null, 0));
        signIn(tenant.member());
        navigate("entries");
    }

    @Test
    void the_grid_lists_the_organisations_entries_only_and_filters_them() {
        Tenant other = data.tenant(Plan.BUSINESS);
        signIn(other.admin());
        Project theirs = projects.create(new ProjectDraft("Theirs", null));
        entries.create(new EntryDraft(theirs.getId(), null, "Existing entry of another organisation",
                EntryStatus.TODO, null, null, 0));
        signIn(tenant.member());
        navigate("entries");
        EntryListView view = _get(EntryListView.class);
        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        assertThat(GridKt._get(view.grid, 0).getTitle()).isEqualTo("Existing entry");

        view.statusFilter.setValue(EntryStatus.DONE);
        assertThat(GridKt._size(view.grid)).isZero();
        view.statusFilter.setValue(null);
        view.titleFilter.setValue("exist");
        assertThat(GridKt._size(view.grid)).isEqualTo(1);
        assertThat(GridKt._get(view.grid, 0).getOrganisationId()).isEqualTo(tenant.id());
    }

    @Test
    void a_date_the_picker_cannot_read_is_reported_and_does_not_clear_the_stored_date() {
        Entry existing = entries.create(new EntryDraft(project.getId(), null, "Dated", EntryStatus.TODO, null,
                LocalDate.now().plusDays(9), 0));
        var dialog = new EntryDialog(entries, projects.all(), java.util.List.of(), java.util.List.of(),
                entries.get(existing.getId()), () -> { });
        dialog.open();
        typeUnreadable(dialog.dueDate, "31.02.20x6");

        _click(dialog.save);

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.dueDate.isInvalid()).isTrue();
        assertThat(dialog.dueDate.getErrorMessage()).startsWith("Enter a date such as");
        assertThat(entries.get(existing.getId()).getDueDate()).isEqualTo(LocalDate.now().plusDays(9));
    }

    @Test
    void saving_an_entry_someone_deleted_meanwhile_says_so_and_keeps_the_form() {
        Entry existing = GridKt._get(_get(EntryListView.class).grid, 0);
        var dialog = new EntryDialog(entries, projects.all(), java.util.List.of(), java.util.List.of(),
                entries.get(existing.getId()), () -> { });
        dialog.open();
        entries.delete(existing.getId(), existing.getVersion());
        dialog.title.setValue("Too late");

        _click(dialog.save);

        assertThat(dialog.isOpened()).isTrue();
        com.github.mvysny.kaributesting.v10.NotificationsKt.expectNotifications(
                "This record no longer exists: someone deleted it meanwhile. Close the form; nothing was saved.");
        assertThat(entries.list(EntryFilter.none(), 0, 10)).isEmpty();
    }

    /** What the browser reports when the text typed into a date picker is not a date. */
    private static void typeUnreadable(com.vaadin.flow.component.datepicker.DatePicker picker, String text) {
        picker.getElement().setProperty("_inputElementValue", text);
        com.github.mvysny.kaributesting.v10.ElementUtilsKt._fireDomEvent(picker.getElement(),
                new com.vaadin.flow.dom.DomEvent(picker.getElement(), "unparsable-change",
                        com.vaadin.flow.internal.JacksonUtils.createObjectNode()));
    }

    @Test
    void a_member_creates_an_entry_through_the_dialog() {
        EntryListView view = _get(EntryListView.class);
        _click(view.create);
        EntryDialog dialog = _get(EntryDialog.class);
        dialog.title.setValue("Draft the release notes 📝");
        dialog.status.setValue(EntryStatus.IN_PROGRESS);
        dialog.dueDate.setValue(LocalDate.now().plusDays(2));
        dialog.trackedMinutes.setValue(45);
        assertThat(dialog.project.getValue().getName()).isEqualTo("Website");

        _click(dialog.save);

        assertThat(dialog.isOpened()).isFalse();
        Entry stored = entries.list(new EntryFilter("release notes", null, null, null), 0, 10).getFirst();
        assertThat(stored.getTitle()).isEqualTo("Draft the release notes 📝");
        assertThat(stored.getTrackedMinutes()).isEqualTo(45);
        assertThat(GridKt._size(view.grid)).isEqualTo(2);
    }

    @Test
    void bad_input_shows_messages_on_the_fields_keeps_the_dialog_open_and_saves_nothing() {
        _click(_get(EntryListView.class).create);
        EntryDialog dialog = _get(EntryDialog.class);
        dialog.title.setValue("x".repeat(201));
        dialog.dueDate.setValue(LocalDate.now().minusDays(1));

        _click(dialog.save);

        assertThat(dialog.isOpened()).isTrue();
        assertThat(dialog.title.isInvalid()).isTrue();
        assertThat(dialog.title.getErrorMessage()).isEqualTo("At most 200 characters allowed (this has 201).");
        assertThat(dialog.dueDate.isInvalid()).isTrue();
        assertThat(dialog.dueDate.getErrorMessage()).isEqualTo("The due date cannot be in the past.");
        assertThat(dialog.title.getValue()).hasSize(201);
        assertThat(entries.list(EntryFilter.none(), 0, 10)).hasSize(1);
    }

    @Test
    void editing_a_row_changes_the_entry_and_deleting_asks_first() {
        EntryListView view = _get(EntryListView.class);
        Entry existing = GridKt._get(view.grid, 0);
        EntryDialog dialog = new EntryDialog(entries, projects.all(), java.util.List.of(), java.util.List.of(),
                entries.get(existing.getId()), () -> { });
        dialog.open();
        dialog.status.setValue(EntryStatus.DONE);
        _click(dialog.save);
        assertThat(entries.get(existing.getId()).getStatus()).isEqualTo(EntryStatus.DONE);

        EntryDialog again = new EntryDialog(entries, projects.all(), java.util.List.of(), java.util.List.of(),
                entries.get(existing.getId()), () -> { });
        again.open();
        _click(again.delete);
        var confirm = _get(com.vaadin.flow.component.confirmdialog.ConfirmDialog.class);
        com.github.mvysny.kaributesting.v10.pro.ConfirmDialogKt._fireConfirm(confirm);
        assertThat(entries.list(EntryFilter.none(), 0, 10)).isEmpty();
    }

    @Test
    void the_history_of_an_entry_restores_an_earlier_value() {
        EntryListView view = _get(EntryListView.class);
        Entry existing = GridKt._get(view.grid, 0);
        entries.update(existing.getId(), existing.getVersion(), new EntryDraft(project.getId(), null, "Renamed entry",
                EntryStatus.TODO, null, null, 0));
        EntryDialog dialog = new EntryDialog(entries, projects.all(), java.util.List.of(), java.util.List.of(),
                entries.get(existing.getId()), () -> { });
        dialog.open();
        assertThat(_find(com.vaadin.flow.component.button.Button.class, spec -> spec.withId("entry-sync-link")))
                .as("the sync panel is for Owners and Admins").isEmpty();

        _click(dialog.history);
        var history = _get(EntryHistoryDialog.class);
        var rows = GridKt._fetch(history.grid, 0, 50);
        int created = java.util.stream.IntStream.range(0, rows.size())
                .filter(i -> rows.get(i).field().equals("title") && rows.get(i).after().equals("Existing entry"))
                .findFirst().orElseThrow();
        assertThat(GridKt._getCellComponent(history.grid, 0, "restore")).as("the current value")
                .isInstanceOf(com.vaadin.flow.component.html.Span.class);
        _click((com.vaadin.flow.component.button.Button) GridKt._getCellComponent(history.grid, created, "restore"));

        assertThat(entries.get(existing.getId()).getTitle()).isEqualTo("Existing entry");
    }

    @Test
    void admins_go_from_the_entry_to_its_sync_panel_and_the_dialog_closes() {
        signIn(tenant.admin());
        navigate("login");
        navigate("entries");
        Entry existing = GridKt._get(_get(EntryListView.class).grid, 0);
        EntryDialog dialog = new EntryDialog(entries, projects.all(), java.util.List.of(), java.util.List.of(),
                entries.get(existing.getId()), () -> { });
        dialog.open();

        _click(_get(com.vaadin.flow.component.button.Button.class, spec -> spec.withId("entry-sync-link")));

        assertThat(dialog.isOpened()).isFalse();
        assertThat(currentView().getClass().getSimpleName()).isEqualTo("EntrySyncView");
    }
}
