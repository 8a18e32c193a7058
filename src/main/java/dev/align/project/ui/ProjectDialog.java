package dev.align.project.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import dev.align.base.ui.Forms;
import dev.align.project.Project;
import dev.align.project.ProjectDraft;
import dev.align.project.ProjectService;

import java.util.Map;

class ProjectDialog extends Dialog {

    final TextField name = Forms.serverValidated(new TextField("Name"));
    final TextArea description = Forms.serverValidated(new TextArea("Description"));
    final Button save = new Button("Save");

    ProjectDialog(ProjectService projects, Project existing, Runnable onChange) {
        setHeaderTitle(existing == null ? "New project" : "Edit project");
        if (existing != null) {
            name.setValue(existing.getName());
            description.setValue(existing.getDescription() == null ? "" : existing.getDescription());
        }
        add(new FormLayout(name, description));
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        save.addClickListener(e -> {
            var draft = new ProjectDraft(name.getValue(), description.getValue());
            boolean saved = Forms.save(Map.of("name", name, "description", description), () -> {
                if (existing == null) {
                    projects.create(draft);
                } else {
                    projects.update(existing.getId(), existing.getVersion(), draft);
                }
            });
            if (saved) {
                Forms.saved("Project saved.");
                close();
                onChange.run();
            }
        });
        getFooter().add(new Button("Cancel", e -> close()), save);
    }
}
