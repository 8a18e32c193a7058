package dev.align.illumera.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;

/** A question before something that matters: what will happen, in words, and a button that says what it does. */
class Confirm extends Dialog {

    final Button confirm;
    final Button cancel = new Button("Cancel", e -> close());

    Confirm(String id, String title, String action, boolean dangerous, Runnable onConfirm, Component... body) {
        setId(id);
        setHeaderTitle(title);
        setWidth("34rem");
        add(body);
        confirm = new Button(action, e -> {
            close();
            onConfirm.run();
        });
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        if (dangerous) {
            confirm.addThemeVariants(ButtonVariant.LUMO_ERROR);
        }
        getFooter().add(cancel, confirm);
    }
}
