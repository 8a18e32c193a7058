package dev.align;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
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

    private final Notifications notifications;

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
        list.add(items);
        list.getFooter().add(new Button("Close", e -> list.close()));
        addClickListener(e -> {
            showItems();
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
