package dev.align.base.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.align.base.InvalidInputException;
import org.springframework.dao.OptimisticLockingFailureException;

import java.util.Map;

/** Puts the services' refusals where a person looks: on the field, or in a notification. */
public final class Forms {

    private Forms() {
    }

    /**
     * Runs a save; a refusal is shown on its fields (the form stays open with everything typed), a
     * concurrent change is explained. Returns whether the save went through.
     */
    public static boolean save(Map<String, ? extends HasValidation> fields, Runnable save) {
        fields.values().forEach(field -> field.setInvalid(false));
        try {
            save.run();
            return true;
        } catch (InvalidInputException e) {
            e.fieldErrors().forEach((name, message) -> {
                HasValidation field = fields.get(name);
                if (field == null) {
                    error(message);
                } else {
                    field.setErrorMessage(message);
                    field.setInvalid(true);
                }
            });
            return false;
        } catch (OptimisticLockingFailureException e) {
            error("Someone else changed this meanwhile. Close the form and open it again to see their change;"
                    + " nothing was saved.");
            return false;
        }
    }

    public static void error(String message) {
        Notification.show(message, 6000, Notification.Position.MIDDLE)
                .addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    public static void saved(String message) {
        Notification.show(message, 3000, Notification.Position.BOTTOM_START)
                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
    }

    /** Built-in client validation would clear the server's message on blur; the server decides here. */
    public static <F extends HasValidation> F serverValidated(F field) {
        field.setManualValidation(true);
        return field;
    }
}
