package dev.align.base.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.HasValue;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.data.binder.HasValidator;
import com.vaadin.flow.data.binder.ValidationResult;
import com.vaadin.flow.data.binder.ValueContext;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import dev.align.base.InvalidInputException;
import dev.align.base.NotFoundException;
import org.springframework.dao.OptimisticLockingFailureException;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

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
        if (!readable(fields)) {
            return false;
        }
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
        } catch (NotFoundException e) {
            error("This record no longer exists: someone deleted it meanwhile. Close the form; nothing was saved.");
            return false;
        }
    }

    /**
     * Text a date or number field could not read arrives as an empty value; without this check a
     * save would quietly clear what was stored. Such fields keep what was typed and say why.
     */
    @SuppressWarnings("unchecked")
    private static boolean readable(Map<String, ? extends HasValidation> fields) {
        boolean readable = true;
        for (HasValidation field : fields.values()) {
            if (field instanceof HasValidator<?> validated && field instanceof HasValue<?, ?> valued) {
                ValidationResult result = ((HasValidator<Object>) validated).getDefaultValidator()
                        .apply(valued.getValue(), new ValueContext());
                if (result.isError()) {
                    String message = result.getErrorMessage();
                    field.setErrorMessage(message == null || message.isBlank() ? "This value could not be read." : message);
                    field.setInvalid(true);
                    readable = false;
                }
            }
        }
        return readable;
    }

    public static DatePicker datePicker(String label) {
        var picker = serverValidated(new DatePicker(label));
        picker.setI18n(new DatePicker.DatePickerI18n()
                .setBadInputErrorMessage("Enter a date such as 2026-12-31, or pick one from the calendar."));
        return picker;
    }

    public static IntegerField wholeNumber(String label, int min, int max) {
        var field = serverValidated(new IntegerField(label));
        field.setMin(min);
        field.setMax(max);
        field.setI18n(new IntegerField.IntegerFieldI18n()
                .setBadInputErrorMessage("Enter a whole number.")
                .setMinErrorMessage("Enter at least " + min + ".")
                .setMaxErrorMessage("Enter at most " + max + "."));
        return field;
    }

    /** Opens a record's form on its current state; a record deleted meanwhile is explained instead. */
    public static <T> void openFresh(Supplier<T> load, Consumer<T> open, Runnable refresh) {
        try {
            open.accept(load.get());
        } catch (NotFoundException gone) {
            error("This record no longer exists: someone deleted it meanwhile.");
            refresh.run();
        }
    }

    /**
     * A button whose action waits on something slow (Illumera): disabled while it runs, so that a second
     * click does not start it twice, and enabled again after, whatever happened.
     */
    public static void onceAtATime(Button button, Runnable action) {
        button.setDisableOnClick(true);
        button.addClickListener(e -> {
            try {
                action.run();
            } finally {
                button.setEnabled(true);
            }
        });
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
