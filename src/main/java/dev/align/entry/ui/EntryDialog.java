package dev.align.entry.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import dev.align.base.ui.Forms;
import dev.align.entry.Entry;
import dev.align.entry.EntryDraft;
import dev.align.entry.EntryService;
import dev.align.entry.EntryStatus;
import dev.align.organisation.Person;
import dev.align.project.Project;
import dev.align.release.Release;
import dev.align.security.CurrentUser;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Create or edit one entry; closes only when the service accepted the change. */
class EntryDialog extends Dialog {

    final TextField title = Forms.serverValidated(new TextField("Title"));
    final Select<EntryStatus> status = Forms.serverValidated(new Select<>());
    final ComboBox<Project> project = Forms.serverValidated(new ComboBox<>("Project"));
    final ComboBox<Release> release = Forms.serverValidated(new ComboBox<>("Release"));
    final ComboBox<Person> assignee = Forms.serverValidated(new ComboBox<>("Assignee"));
    final DatePicker dueDate = Forms.datePicker("Due date");
    final IntegerField trackedMinutes = Forms.wholeNumber("Tracked minutes", 0, EntryDraft.TRACKED_MINUTES_MAX);
    final Button save = new Button("Save");
    final Button delete = new Button("Delete");
    final Button history = new Button("History");

    EntryDialog(EntryService entries, List<Project> projects, List<Release> releases, List<Person> people,
                Entry existing, Runnable onChange) {
        setHeaderTitle(existing == null ? "New entry" : "Edit entry");
        status.setLabel("Status");
        status.setItems(EntryStatus.values());
        status.setItemLabelGenerator(s -> s.label() + " (" + s.category().label() + ")");
        project.setItems(projects);
        project.setItemLabelGenerator(Project::getName);
        release.setItemLabelGenerator(Release::getName);
        release.setClearButtonVisible(true);
        project.addValueChangeListener(e -> {
            Long projectId = e.getValue() == null ? null : e.getValue().getId();
            release.setItems(releases.stream().filter(r -> Objects.equals(r.getProjectId(), projectId)).toList());
        });
        assignee.setItems(people);
        assignee.setItemLabelGenerator(p -> p.displayName() + " <" + p.email() + ">");
        assignee.setClearButtonVisible(true);
        trackedMinutes.setStepButtonsVisible(true);

        if (existing == null) {
            status.setValue(EntryStatus.TODO);
            trackedMinutes.setValue(0);
            if (projects.size() == 1) {
                project.setValue(projects.getFirst());
            }
        } else {
            title.setValue(existing.getTitle());
            status.setValue(existing.getStatus());
            project.setValue(projects.stream().filter(p -> p.getId() == existing.getProjectId()).findFirst()
                    .orElse(null));
            release.setValue(releases.stream().filter(r -> r.getId().equals(existing.getReleaseId())).findFirst()
                    .orElse(null));
            assignee.setValue(people.stream().filter(p -> Objects.equals(p.userId(), existing.getAssigneeId()))
                    .findFirst().orElse(null));
            dueDate.setValue(existing.getDueDate());
            trackedMinutes.setValue(existing.getTrackedMinutes());
        }

        var form = new FormLayout(title, status, project, release, assignee, dueDate, trackedMinutes);
        form.setColspan(title, 2);
        add(form);

        Map<String, HasValidation> fields = Map.of("title", title, "status", status, "projectId", project,
                "releaseId", release, "assigneeId", assignee, "dueDate", dueDate, "trackedMinutes", trackedMinutes);
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            boolean saved = Forms.save(fields, () -> {
                EntryDraft draft = draft();
                if (existing == null) {
                    entries.create(draft);
                } else {
                    entries.update(existing.getId(), existing.getVersion(), draft);
                }
            });
            if (saved) {
                Forms.saved("Entry saved.");
                close();
                onChange.run();
            }
        });
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        delete.setVisible(existing != null);
        delete.addClickListener(e -> {
            var confirm = new ConfirmDialog("Delete this entry?",
                    "“" + existing.getTitle() + "” will be deleted.", "Delete", ok -> {
                if (Forms.save(fields, () -> entries.delete(existing.getId(), existing.getVersion()))) {
                    close();
                    onChange.run();
                }
            });
            confirm.setCancelable(true);
            confirm.setConfirmButtonTheme("error primary");
            confirm.open();
        });
        history.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        history.setVisible(existing != null);
        history.addClickListener(e -> new EntryHistoryDialog(entries, existing.getId(), () -> {
            close();
            onChange.run();
        }).open());
        getFooter().add(delete, history);
        boolean admin = CurrentUser.require().administers();
        if (existing != null && admin) {
            // The Illumera add-on's view of this entry (its own page: the entry module knows no add-on). The
            // dialog closes first: dialogs belong to the page, not to the view, and would stay open over it.
            var sync = new Button("Sync panel", e -> {
                close();
                getUI().ifPresent(ui -> ui.navigate("settings/add-ons/entries/" + existing.getId()));
            });
            sync.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
            sync.setId("entry-sync-link");
            getFooter().add(sync);
        }
        getFooter().add(new Button("Cancel", e -> close()), save);
    }

    private EntryDraft draft() {
        return new EntryDraft(
                project.getValue() == null ? null : project.getValue().getId(),
                release.getValue() == null ? null : release.getValue().getId(),
                title.getValue(), status.getValue(),
                assignee.getValue() == null ? null : assignee.getValue().userId(),
                dueDate.getValue(), trackedMinutes.getValue());
    }
}
