package dev.align.release.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextField;
import dev.align.base.ui.Forms;
import dev.align.project.Project;
import dev.align.release.Release;
import dev.align.release.ReleaseDraft;
import dev.align.release.ReleaseService;
import dev.align.release.ReleaseStatus;

import java.util.List;
import java.util.Map;

class ReleaseDialog extends Dialog {

    final ComboBox<Project> project = Forms.serverValidated(new ComboBox<>("Project"));
    final TextField name = Forms.serverValidated(new TextField("Name"));
    final DatePicker releaseDate = Forms.datePicker("Release date");
    final Button save = new Button("Save");
    final Button publish = new Button("Publish");

    ReleaseDialog(ReleaseService releases, List<Project> projects, Release existing, Runnable onChange) {
        setHeaderTitle(existing == null ? "New release" : "Edit release");
        project.setItems(projects);
        project.setItemLabelGenerator(Project::getName);
        if (existing != null) {
            project.setValue(projects.stream().filter(p -> p.getId() == existing.getProjectId()).findFirst()
                    .orElse(null));
            project.setReadOnly(true);
            name.setValue(existing.getName());
            releaseDate.setValue(existing.getReleaseDate());
        }
        add(new FormLayout(project, name, releaseDate));
        var fields = Map.of("projectId", project, "name", name, "releaseDate", releaseDate);

        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            var draft = new ReleaseDraft(project.getValue() == null ? null : project.getValue().getId(),
                    name.getValue(), releaseDate.getValue());
            boolean saved = Forms.save(fields, () -> {
                if (existing == null) {
                    releases.create(draft);
                } else {
                    releases.update(existing.getId(), existing.getVersion(), draft);
                }
            });
            if (saved) {
                Forms.saved("Release saved.");
                close();
                onChange.run();
            }
        });
        publish.setVisible(existing != null && existing.getStatus() == ReleaseStatus.PLANNED);
        // Publishing also saves what was typed in the form, so no edit is lost on the way.
        publish.addClickListener(e -> {
            var draft = new ReleaseDraft(existing.getProjectId(), name.getValue(), releaseDate.getValue());
            if (Forms.save(fields, () -> {
                Release saved = releases.update(existing.getId(), existing.getVersion(), draft);
                releases.publish(saved.getId(), saved.getVersion());
            })) {
                Forms.saved("Release published.");
                close();
                onChange.run();
            }
        });
        getFooter().add(publish, new Button("Cancel", e -> close()), save);
    }
}
