package dev.align;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import dev.align.base.NotFoundException;
import dev.align.base.ui.Formats;
import dev.align.notification.Notification;
import dev.align.notification.Notifications;
import org.springframework.security.access.AccessDeniedException;

import java.util.List;

/**
 * The header's bell for Owners and Admins: how many notifications are unread (key expiring or expired,
 * sync paused), and a list where each can be dismissed once read.
 */
final class NotificationBell extends Button {

    final Span count = new Span();
    final Dialog list = new Dialog();
    final Div items = new Div();
    final Checkbox emailAlerts = new Checkbox("E-mail me these alerts");
    final Paragraph emailHint = new Paragraph();

    private final Notifications notifications;
    private boolean emailOn;

    NotificationBell(Notifications notifications) {
        this.notifications = notifications;
        setId("notifications");
        setIcon(VaadinIcon.BELL.create());
        addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        count.addClassName("notification-count");
        count.getElement().getThemeList().add("badge error pill small");
        setSuffixComponent(count);
        list.setId("notification-list");
        list.setHeaderTitle("Notifications");
        list.setWidth("32rem");
        emailAlerts.setId("email-alerts");
        emailAlerts.addValueChangeListener(e -> {
            if (e.getValue() != emailOn) { // a person's tick, not the value shown on opening
                notifications.emailAlerts(e.getValue());
                emailOn = e.getValue();
            }
        });
        emailHint.addClassName("hint");
        list.add(items, emailAlerts, emailHint);
        list.getFooter().add(new Button("Close", e -> list.close()));
        addClickListener(e -> {
            showItems();
            showEmailChoice();
            list.open();
        });
        refresh();
    }

    /** Counts again (after each navigation and each dismissal). */
    void refresh() {
        int unread;
        try {
            unread = notifications.unread().size();
        } catch (AccessDeniedException noLonger) {
            // Switched (in another tab) to an organisation where the person is a Member: no bell until reload.
            setVisible(false);
            return;
        }
        setVisible(true);
        count.setText(String.valueOf(unread));
        count.setVisible(unread > 0);
        setAriaLabel(unread == 0 ? "Notifications: none unread" : "Notifications: " + unread + " unread");
        setTooltipText(unread == 0 ? "No unread notifications" : unread + " unread notifications");
    }

    private void showItems() {
        items.removeAll();
        List<Notification> unread = notifications.unread();
        if (unread.isEmpty()) {
            items.add(new Paragraph("Nothing new."));
        }
        for (Notification notification : unread) {
            var message = new Paragraph(notification.message());
            if (notification.title() != null) {
                var title = new Span(notification.title());
                title.addClassName("notification-title");
                message.addComponentAsFirst(title);
            }
            var when = new Span(Formats.dateTime(notification.createdAt()));
            when.addClassName("hint");
            var dismiss = new Button("Dismiss", e -> dismiss(notification.id()));
            dismiss.addThemeVariants(ButtonVariant.LUMO_TERTIARY, ButtonVariant.LUMO_SMALL);
            var row = new Div(message, when, dismiss);
            row.addClassName("notification");
            row.getElement().setAttribute("data-id", String.valueOf(notification.id()));
            items.add(row);
        }
    }

    /** Owners and Admins are mailed these alerts unless they untick it (only where the server can send e-mail). */
    private void showEmailChoice() {
        Notifications.EmailAlerts mine = notifications.emailAlerts();
        emailAlerts.setVisible(mine.available());
        emailOn = mine.on();
        emailAlerts.setValue(mine.on());
        emailAlerts.setHelperText(mine.available() ? "To " + mine.address() + ", once per alert, for this organisation" : null);
        emailHint.setText(mine.available() ? "" : "E-mail alerts are not set up on this server: they show here only.");
        emailHint.setVisible(!mine.available());
    }

    private void dismiss(long id) {
        try {
            notifications.dismiss(id);
        } catch (NotFoundException gone) {
            // dismissed meanwhile by someone else of the organisation: the list simply refreshes
        }
        refresh();
        showItems();
    }
}
